package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff twin of {@link LossGeneralizedTriplet}: {@code (1/N') Σ_i relu(d(a_i,p_i) − min_{j ∈ neg(i)} d(a_i,p_j) + m)}
 * on a pair batch, defined by {@link SDPairBatchLosses#generalizedTriplet} and differentiated by SameDiff.
 * Same options, defaults and input checks as {@link LossGeneralizedTriplet}.
 */
public class SDLossGeneralizedTriplet extends SDPairBatchLoss<LossGeneralizedTriplet> {
    private static final String NAME = "SDLossGeneralizedTriplet";

    /** The defaults of {@link LossGeneralizedTriplet}. */
    public SDLossGeneralizedTriplet() {
        super(new LossGeneralizedTriplet());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossGeneralizedTriplet(LossGeneralizedTriplet loss) {
        super(loss);
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 2);
        return SDPairBatchLosses.generalizedTriplet(sd, name, branches[0], branches[1], classIds(labels), loss.getMargin(), loss.getDistance());
    }

    /** Builder; unset options keep the defaults of {@link LossGeneralizedTriplet}. */
    public static final class Builder extends LossGeneralizedTriplet.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossGeneralizedTriplet build() {
            return new SDLossGeneralizedTriplet(toLoss(NAME));
        }
    }
}
