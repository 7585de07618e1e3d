package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * SameDiff twin of {@link LossMultiSampleTriplet}: {@code relu(mean_k d(a,p_k) − mean_k d(a,n_k) + m)} on
 * preOutput {@code [B, (1+P+N)·D] = [a | p_1..p_P | n_1..n_N]}, labels ignored; defined by
 * {@link SDTupleLosses#multiSampleTriplet} and differentiated by SameDiff. Same options, defaults and
 * input checks as {@link LossMultiSampleTriplet}: the twin holds the {@link LossMultiSampleTriplet} it
 * mirrors and reads its options from it.
 */
public class SDLossMultiSampleTriplet extends SDTwin<LossMultiSampleTriplet> {
    private static final String NAME = "SDLossMultiSampleTriplet";

    /** The defaults of {@link LossMultiSampleTriplet}. */
    public SDLossMultiSampleTriplet() {
        super(new LossMultiSampleTriplet());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossMultiSampleTriplet(LossMultiSampleTriplet loss) {
        super(loss);
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int branches() {
        return 1 + loss.getPositives() + loss.getNegatives();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, branches());
        int positives = loss.getPositives();
        SDVariable[] pos = Arrays.copyOfRange(branches, 1, 1 + positives);
        SDVariable[] neg = Arrays.copyOfRange(branches, 1 + positives, branches.length);
        return SDTupleLosses.multiSampleTriplet(sd, name, branches[0], pos, neg, loss.getMargin(), loss.getDistance());
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(NAME, preOutput, branches(),
                "[anchor | " + loss.getPositives() + " positives | " + loss.getNegatives() + " negatives]");
        LossInputs.requireLabelRows(NAME, labels, preOutput);
    }

    /** Builder; unset options keep the defaults of {@link LossMultiSampleTriplet}. */
    public static final class Builder extends LossMultiSampleTriplet.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossMultiSampleTriplet build() {
            return new SDLossMultiSampleTriplet(toLoss(NAME));
        }
    }
}
