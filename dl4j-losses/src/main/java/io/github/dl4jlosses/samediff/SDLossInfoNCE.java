package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossInfoNCE;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossInfoNCE}: cross-entropy of {@code cos(a_i,p_j)/τ} with the diagonal as target
 * (optionally symmetric) on a pair batch, defined by {@link SDPairBatchLosses#infoNCE} and differentiated by
 * SameDiff. Same options, defaults and input checks as {@link LossInfoNCE}.
 */
public class SDLossInfoNCE extends SDPairBatchLoss {
    private static final String NAME = "SDLossInfoNCE";

    /** The analytic loss mirrored; its options are serialized as this twin's own properties. */
    @JsonUnwrapped
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private LossInfoNCE loss = new LossInfoNCE();

    /** The defaults of {@link LossInfoNCE}. */
    public SDLossInfoNCE() {
    }

    private SDLossInfoNCE(LossInfoNCE loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossInfoNCE of(LossInfoNCE loss) {
        return new SDLossInfoNCE(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 2);
        return SDPairBatchLosses.infoNCE(sd, name, branches[0], branches[1], classIds(labels), getTemperature(), isSymmetric());
    }

    /** @return the {@code temperature} option */
    public double getTemperature() {
        return loss.getTemperature();
    }

    /** @return the {@code symmetric} option */
    public boolean isSymmetric() {
        return loss.isSymmetric();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected LossInfoNCE mirrored() {
        return loss;
    }

    /** Builder; unset options keep the defaults of {@link LossInfoNCE}. */
    public static final class Builder extends LossInfoNCE.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossInfoNCE build() {
            return new SDLossInfoNCE(toLoss(NAME));
        }
    }
}
