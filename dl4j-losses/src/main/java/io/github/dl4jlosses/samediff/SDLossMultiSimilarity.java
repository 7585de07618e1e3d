package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossMultiSimilarity}: the multi-similarity loss with its pair mining on a
 * labelled batch, defined by {@link SDLabelledBatchLosses#multiSimilarity} and differentiated by SameDiff.
 * Same options, defaults and input checks as {@link LossMultiSimilarity}.
 */
public class SDLossMultiSimilarity extends SDLabelledBatchLoss {
    private static final String NAME = "SDLossMultiSimilarity";

    @JsonProperty("alpha")
    private double alpha = 2.0;
    @JsonProperty("beta")
    private double beta = 50.0;
    @JsonProperty("lambda")
    private double lambda = 0.5;
    @JsonProperty("epsilon")
    private double epsilon = 0.1;
    @JsonProperty("mine")
    private boolean mine = true;

    /** The defaults of {@link LossMultiSimilarity}. */
    public SDLossMultiSimilarity() {
    }

    private SDLossMultiSimilarity(Builder b) {
        this.alpha = LossInputs.requirePositive(NAME, "alpha", b.alpha);
        this.beta = LossInputs.requirePositive(NAME, "beta", b.beta);
        if (!Double.isFinite(b.lambda)) {
            throw new IllegalArgumentException(NAME + ": expected lambda to be a finite number, got " + b.lambda);
        }
        this.lambda = b.lambda;
        this.epsilon = LossInputs.requireNonNegative(NAME, "epsilon", b.epsilon);
        this.mine = b.mine;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossMultiSimilarity of(LossMultiSimilarity loss) {
        return builder().alpha(loss.getAlpha()).beta(loss.getBeta()).lambda(loss.getLambda())
                .epsilon(loss.getEpsilon()).mine(loss.isMine()).build();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDLabelledBatchLosses.multiSimilarity(sd, name, branches[0], labels, alpha, beta, lambda, epsilon, mine);
    }

    public double getAlpha() {
        return alpha;
    }

    public double getBeta() {
        return beta;
    }

    public double getLambda() {
        return lambda;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public boolean isMine() {
        return mine;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SDLossMultiSimilarity)) return false;
        SDLossMultiSimilarity that = (SDLossMultiSimilarity) o;
        return Double.compare(alpha, that.alpha) == 0 && Double.compare(beta, that.beta) == 0
                && Double.compare(lambda, that.lambda) == 0 && Double.compare(epsilon, that.epsilon) == 0
                && mine == that.mine;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, alpha, beta, lambda, epsilon, mine);
    }

    @Override
    public String toString() {
        return NAME + "(alpha=" + alpha + ", beta=" + beta + ", lambda=" + lambda + ", epsilon=" + epsilon
                + ", mine=" + mine + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossMultiSimilarity}. */
    public static final class Builder {
        private double alpha = 2.0;
        private double beta = 50.0;
        private double lambda = 0.5;
        private double epsilon = 0.1;
        private boolean mine = true;

        /** Weight α &gt; 0 of the positive term (default 2). */
        public Builder alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** Weight β &gt; 0 of the negative term (default 50). */
        public Builder beta(double beta) {
            this.beta = beta;
            return this;
        }

        /** Similarity offset λ ("base", default 0.5). */
        public Builder lambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /** Mining margin ε &gt;= 0 (default 0.1). */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Whether to mine pairs (default true) or keep every positive and negative pair. */
        public Builder mine(boolean mine) {
            this.mine = mine;
            return this;
        }

        public SDLossMultiSimilarity build() {
            return new SDLossMultiSimilarity(this);
        }
    }
}
