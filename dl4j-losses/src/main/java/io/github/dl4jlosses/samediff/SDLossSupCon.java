package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossSupCon;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossSupCon}: the supervised contrastive loss on a labelled batch, defined by
 * {@link SDPairWeightedLosses#supCon} and differentiated by SameDiff. Same options, defaults and input checks as
 * {@link LossSupCon}: the twin holds the {@link LossSupCon} it mirrors and reads its options from it.
 */
public class SDLossSupCon extends SDLabelledBatchLoss {
    private static final String NAME = "SDLossSupCon";

    /** The analytic loss mirrored; its options are serialized as this twin's own properties. */
    @JsonUnwrapped
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private LossSupCon loss = new LossSupCon();

    /** The defaults of {@link LossSupCon}. */
    public SDLossSupCon() {
    }

    private SDLossSupCon(LossSupCon loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossSupCon of(LossSupCon loss) {
        return new SDLossSupCon(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDPairWeightedLosses.supCon(sd, name, branches[0], labels, getTemperature());
    }

    /** @return the {@code temperature} option */
    public double getTemperature() {
        return loss.getTemperature();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected LossSupCon mirrored() {
        return loss;
    }

    /** Builder; unset options keep the defaults of {@link LossSupCon}. */
    public static final class Builder extends LossSupCon.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossSupCon build() {
            return new SDLossSupCon(toLoss(NAME));
        }
    }
}
