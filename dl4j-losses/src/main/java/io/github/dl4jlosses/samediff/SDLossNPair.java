package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossNPair;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossNPair}: the multi-class N-pair loss with its L2 embedding term on a pair
 * batch, defined by {@link SDPairBatchLosses#nPair} and differentiated by SameDiff. Same options, defaults
 * and input checks as {@link LossNPair}.
 */
public class SDLossNPair extends SDPairBatchLoss {
    private static final String NAME = "SDLossNPair";

    /** The analytic loss mirrored; its options are serialized as this twin's own properties. */
    @JsonUnwrapped
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private LossNPair loss = new LossNPair();

    /** The defaults of {@link LossNPair}. */
    public SDLossNPair() {
    }

    private SDLossNPair(LossNPair loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossNPair of(LossNPair loss) {
        return new SDLossNPair(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 2);
        return SDPairBatchLosses.nPair(sd, name, branches[0], branches[1], classIds(labels), getLambda());
    }

    /** @return the {@code lambda} option */
    public double getLambda() {
        return loss.getLambda();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected LossNPair mirrored() {
        return loss;
    }

    /** Builder; unset options keep the defaults of {@link LossNPair}. */
    public static final class Builder extends LossNPair.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossNPair build() {
            return new SDLossNPair(toLoss(NAME));
        }
    }
}
