package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossCircle;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff twin of {@link LossCircle}: the circle loss on a labelled batch, defined by
 * {@link SDPairWeightedLosses#circle} and differentiated by SameDiff. Same options, defaults and input checks as
 * {@link LossCircle}: the twin holds the {@link LossCircle} it mirrors and reads its options from it.
 */
public class SDLossCircle extends SDLabelledBatchLoss<LossCircle> {
    private static final String NAME = "SDLossCircle";

    /** The defaults of {@link LossCircle}. */
    public SDLossCircle() {
        super(new LossCircle());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossCircle(LossCircle loss) {
        super(loss);
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDPairWeightedLosses.circle(sd, name, branches[0], labels, loss.getMargin(), loss.getGamma(), loss.isDetachWeights());
    }

    /** Builder; unset options keep the defaults of {@link LossCircle}. */
    public static final class Builder extends LossCircle.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossCircle build() {
            return new SDLossCircle(toLoss(NAME));
        }
    }
}
