package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossNPair;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossNPair}: the multi-class N-pair loss with its L2 embedding term on a pair
 * batch, defined by {@link SDPairBatchLosses#nPair} and differentiated by SameDiff. Same options, defaults
 * and input checks as {@link LossNPair}.
 */
public class SDLossNPair extends SDPairBatchLoss {
    private static final String NAME = "SDLossNPair";

    @JsonProperty("lambda")
    private double lambda = 0.002;

    /** The defaults of {@link LossNPair}. */
    public SDLossNPair() {
    }

    /** The twin of {@code loss} (options already checked by its builder). */
    private SDLossNPair(LossNPair loss) {
        this.lambda = loss.getLambda();
        this.useClassIds = loss.isUseClassIds();
    }

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
        return SDPairBatchLosses.nPair(sd, name, branches[0], branches[1], classIds(labels), lambda);
    }

    public double getLambda() {
        return lambda;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SDLossNPair)) return false;
        SDLossNPair that = (SDLossNPair) o;
        return Double.compare(lambda, that.lambda) == 0 && useClassIds == that.useClassIds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, lambda, useClassIds);
    }

    @Override
    public String toString() {
        return NAME + "(lambda=" + lambda + ", useClassIds=" + useClassIds + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossNPair}. */
    public static final class Builder extends LossNPair.Options<Builder> {
        public SDLossNPair build() {
            return new SDLossNPair(toLoss(NAME));
        }
    }
}
