package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossCircle;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossCircle}: the circle loss on a labelled batch, defined by
 * {@link SDPairWeightedLosses#circle} and differentiated by SameDiff. Same options, defaults and input checks as
 * {@link LossCircle}: the twin holds the {@link LossCircle} it mirrors and reads its options from it.
 */
public class SDLossCircle extends SDLabelledBatchLoss {
    private static final String NAME = "SDLossCircle";

    /** The analytic loss mirrored; its options are serialized as this twin's own properties. */
    @JsonUnwrapped
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private LossCircle loss = new LossCircle();

    /** The defaults of {@link LossCircle}. */
    public SDLossCircle() {
    }

    private SDLossCircle(LossCircle loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossCircle of(LossCircle loss) {
        return new SDLossCircle(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDPairWeightedLosses.circle(sd, name, branches[0], labels, getMargin(), getGamma(), isDetachWeights());
    }

    /** @return the {@code margin} option */
    public double getMargin() {
        return loss.getMargin();
    }

    /** @return the {@code gamma} option */
    public double getGamma() {
        return loss.getGamma();
    }

    /** @return the {@code detachWeights} option */
    public boolean isDetachWeights() {
        return loss.isDetachWeights();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected LossCircle mirrored() {
        return loss;
    }

    /** Builder; unset options keep the defaults of {@link LossCircle}. */
    public static final class Builder extends LossCircle.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossCircle build() {
            return new SDLossCircle(toLoss(NAME));
        }
    }
}
