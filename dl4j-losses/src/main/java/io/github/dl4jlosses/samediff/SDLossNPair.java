package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossInputs;
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

    private SDLossNPair(Builder b) {
        this.lambda = LossInputs.requireNonNegative(NAME, "lambda", b.lambda);
        this.useClassIds = b.useClassIds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossNPair of(LossNPair loss) {
        return builder().lambda(loss.getLambda()).useClassIds(loss.isUseClassIds()).build();
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
    public static final class Builder {
        private double lambda = 0.002;
        private boolean useClassIds = true;

        /** Weight λ &gt;= 0 of the L2 embedding regulariser (default 0.002). */
        public Builder lambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /** Whether labels are class ids whose same-class rows are not negatives (default true). */
        public Builder useClassIds(boolean useClassIds) {
            this.useClassIds = useClassIds;
            return this;
        }

        public SDLossNPair build() {
            return new SDLossNPair(this);
        }
    }
}
