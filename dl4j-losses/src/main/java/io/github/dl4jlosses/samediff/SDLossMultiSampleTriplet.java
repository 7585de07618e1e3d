package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Arrays;

/**
 * SameDiff twin of {@link LossMultiSampleTriplet}: {@code relu(mean_k d(a,p_k) − mean_k d(a,n_k) + m)} on
 * preOutput {@code [B, (1+P+N)·D] = [a | p_1..p_P | n_1..n_N]}, labels ignored; defined by
 * {@link SDTupleLosses#multiSampleTriplet} and differentiated by SameDiff. Same options, defaults and
 * input checks as {@link LossMultiSampleTriplet}: the twin holds the {@link LossMultiSampleTriplet} it
 * mirrors and reads its options from it.
 */
public class SDLossMultiSampleTriplet extends SDTwin<LossMultiSampleTriplet> {

    /** The defaults of {@link LossMultiSampleTriplet}. */
    public SDLossMultiSampleTriplet() {
        super(new LossMultiSampleTriplet());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossMultiSampleTriplet(LossMultiSampleTriplet loss) {
        super(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(name(), branches, branches());
        int positives = loss.get(LossMultiSampleTriplet.POSITIVES);
        SDVariable[] pos = Arrays.copyOfRange(branches, 1, 1 + positives);
        SDVariable[] neg = Arrays.copyOfRange(branches, 1 + positives, branches.length);
        return SDTupleLosses.multiSampleTriplet(sd, name, branches[0], pos, neg,
                loss.get(LossMultiSampleTriplet.MARGIN), loss.get(LossMultiSampleTriplet.DISTANCE));
    }
}
