package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossGeneralizedTriplet}: {@code (1/N') Σ_i relu(d(a_i,p_i) − min_{j ∈ neg(i)} d(a_i,p_j) + m)}
 * on a pair batch, defined by {@link SDPairBatchLosses#generalizedTriplet} and differentiated by SameDiff.
 * Same options, defaults and input checks as {@link LossGeneralizedTriplet}.
 */
public class SDLossGeneralizedTriplet extends SDPairBatchLoss {
    private static final String NAME = "SDLossGeneralizedTriplet";

    /** The analytic loss mirrored; its options are serialized as this twin's own properties. */
    @JsonUnwrapped
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private LossGeneralizedTriplet loss = new LossGeneralizedTriplet();

    /** The defaults of {@link LossGeneralizedTriplet}. */
    public SDLossGeneralizedTriplet() {
    }

    private SDLossGeneralizedTriplet(LossGeneralizedTriplet loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossGeneralizedTriplet of(LossGeneralizedTriplet loss) {
        return new SDLossGeneralizedTriplet(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 2);
        return SDPairBatchLosses.generalizedTriplet(sd, name, branches[0], branches[1], classIds(labels), getMargin(), getDistance());
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
    protected LossGeneralizedTriplet mirrored() {
        return loss;
    }

    /** Builder; unset options keep the defaults of {@link LossGeneralizedTriplet}. */
    public static final class Builder extends LossGeneralizedTriplet.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossGeneralizedTriplet build() {
            return new SDLossGeneralizedTriplet(toLoss(NAME));
        }
    }
}
