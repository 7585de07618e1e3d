package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff twin of {@link LossLiftedStructure}: the generalized lifted structure loss on a labelled batch, defined by
 * {@link SDPairWeightedLosses#liftedStructure} and differentiated by SameDiff. Same options, defaults and input checks as
 * {@link LossLiftedStructure}: the twin holds the {@link LossLiftedStructure} it mirrors and reads its options from it.
 */
public class SDLossLiftedStructure extends SDLabelledBatchLoss<LossLiftedStructure> {
    private static final String NAME = "SDLossLiftedStructure";

    /** The defaults of {@link LossLiftedStructure}. */
    public SDLossLiftedStructure() {
        super(new LossLiftedStructure());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossLiftedStructure(LossLiftedStructure loss) {
        super(loss);
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDPairWeightedLosses.liftedStructure(sd, name, branches[0], labels, loss.getMarginPositive(), loss.getMarginNegative(), loss.getDistance());
    }

    /** Builder; unset options keep the defaults of {@link LossLiftedStructure}. */
    public static final class Builder extends LossLiftedStructure.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossLiftedStructure build() {
            return new SDLossLiftedStructure(toLoss(NAME));
        }
    }
}
