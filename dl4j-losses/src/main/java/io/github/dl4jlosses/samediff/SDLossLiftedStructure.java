package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossLiftedStructure}: the generalized lifted structure loss on a labelled batch, defined by
 * {@link SDPairWeightedLosses#liftedStructure} and differentiated by SameDiff. Same options, defaults and input checks as
 * {@link LossLiftedStructure}: the twin holds the {@link LossLiftedStructure} it mirrors and reads its options from it.
 */
public class SDLossLiftedStructure extends SDLabelledBatchLoss {
    private static final String NAME = "SDLossLiftedStructure";

    /** The analytic loss mirrored; its options are serialized as this twin's own properties. */
    @JsonUnwrapped
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private LossLiftedStructure loss = new LossLiftedStructure();

    /** The defaults of {@link LossLiftedStructure}. */
    public SDLossLiftedStructure() {
    }

    private SDLossLiftedStructure(LossLiftedStructure loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossLiftedStructure of(LossLiftedStructure loss) {
        return new SDLossLiftedStructure(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDPairWeightedLosses.liftedStructure(sd, name, branches[0], labels, getMarginPositive(), getMarginNegative(), getDistance());
    }

    /** @return the {@code marginPositive} option */
    public double getMarginPositive() {
        return loss.getMarginPositive();
    }

    /** @return the {@code marginNegative} option */
    public double getMarginNegative() {
        return loss.getMarginNegative();
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
    protected LossLiftedStructure mirrored() {
        return loss;
    }

    /** Builder; unset options keep the defaults of {@link LossLiftedStructure}. */
    public static final class Builder extends LossLiftedStructure.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossLiftedStructure build() {
            return new SDLossLiftedStructure(toLoss(NAME));
        }
    }
}
