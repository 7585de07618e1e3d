package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

import java.util.Arrays;
import java.util.Objects;

/**
 * SameDiff twin of {@link LossMultiSampleTriplet}: {@code relu(mean_k d(a,p_k) − mean_k d(a,n_k) + m)} on
 * preOutput {@code [B, (1+P+N)·D] = [a | p_1..p_P | n_1..n_N]}, labels ignored; defined by
 * {@link SDTupleLosses#multiSampleTriplet} and differentiated by SameDiff. Same options, defaults and
 * input checks as {@link LossMultiSampleTriplet}: the twin holds the {@link LossMultiSampleTriplet} it
 * mirrors and reads its options from it.
 */
public class SDLossMultiSampleTriplet extends SameDiffRankingLoss {
    private static final String NAME = "SDLossMultiSampleTriplet";

    /** The analytic loss mirrored; its options are serialized as this twin's own properties. */
    @JsonUnwrapped
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private LossMultiSampleTriplet loss = new LossMultiSampleTriplet();

    /** The defaults of {@link LossMultiSampleTriplet}. */
    public SDLossMultiSampleTriplet() {
    }

    private SDLossMultiSampleTriplet(LossMultiSampleTriplet loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossMultiSampleTriplet of(LossMultiSampleTriplet loss) {
        return new SDLossMultiSampleTriplet(loss);
    }

    @Override
    public int branches() {
        return 1 + getPositives() + getNegatives();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, branches());
        int positives = getPositives();
        SDVariable[] pos = Arrays.copyOfRange(branches, 1, 1 + positives);
        SDVariable[] neg = Arrays.copyOfRange(branches, 1 + positives, branches.length);
        return SDTupleLosses.multiSampleTriplet(sd, name, branches[0], pos, neg, getMargin(), getDistance());
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(NAME, preOutput, branches(),
                "[anchor | " + getPositives() + " positives | " + getNegatives() + " negatives]");
        LossInputs.requireLabelRows(NAME, labels, preOutput);
    }

    /** @return the {@code positives} option */
    public int getPositives() {
        return loss.getPositives();
    }

    /** @return the {@code negatives} option */
    public int getNegatives() {
        return loss.getNegatives();
    }

    /** @return the {@code margin} option */
    public double getMargin() {
        return loss.getMargin();
    }

    /** @return the {@code distance} option */
    public Distance getDistance() {
        return loss.getDistance();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected LossMultiSampleTriplet mirrored() {
        return loss;
    }

    /** Builder; unset options keep the defaults of {@link LossMultiSampleTriplet}. */
    public static final class Builder extends LossMultiSampleTriplet.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossMultiSampleTriplet build() {
            return new SDLossMultiSampleTriplet(toLoss(NAME));
        }
    }
}
