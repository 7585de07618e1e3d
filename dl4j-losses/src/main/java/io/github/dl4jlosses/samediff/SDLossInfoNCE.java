package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossInfoNCE;
import io.github.dl4jlosses.loss.LossInputs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossInfoNCE}: cross-entropy of {@code cos(a_i,p_j)/τ} with the diagonal as target
 * (optionally symmetric) on a pair batch, defined by {@link SDPairBatchLosses#infoNCE} and differentiated by
 * SameDiff. Same options, defaults and input checks as {@link LossInfoNCE}.
 */
public class SDLossInfoNCE extends SDPairBatchLoss {
    private static final String NAME = "SDLossInfoNCE";

    @JsonProperty("temperature")
    private double temperature = 0.07;
    @JsonProperty("symmetric")
    private boolean symmetric = false;

    /** The defaults of {@link LossInfoNCE}. */
    public SDLossInfoNCE() {
    }

    private SDLossInfoNCE(Builder b) {
        this.temperature = LossInputs.requirePositive(NAME, "temperature", b.temperature);
        this.symmetric = b.symmetric;
        this.useClassIds = b.useClassIds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossInfoNCE of(LossInfoNCE loss) {
        return builder().temperature(loss.getTemperature()).symmetric(loss.isSymmetric())
                .useClassIds(loss.isUseClassIds()).build();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 2);
        return SDPairBatchLosses.infoNCE(sd, name, branches[0], branches[1], classIds(labels), temperature, symmetric);
    }

    public double getTemperature() {
        return temperature;
    }

    public boolean isSymmetric() {
        return symmetric;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SDLossInfoNCE)) return false;
        SDLossInfoNCE that = (SDLossInfoNCE) o;
        return Double.compare(temperature, that.temperature) == 0 && symmetric == that.symmetric
                && useClassIds == that.useClassIds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, temperature, symmetric, useClassIds);
    }

    @Override
    public String toString() {
        return NAME + "(temperature=" + temperature + ", symmetric=" + symmetric + ", useClassIds=" + useClassIds + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossInfoNCE}. */
    public static final class Builder {
        private double temperature = 0.07;
        private boolean symmetric = false;
        private boolean useClassIds = true;

        /** Temperature τ &gt; 0 (default 0.07). */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Average the anchor→positive and positive→anchor cross-entropies, as cpt (default false). */
        public Builder symmetric(boolean symmetric) {
            this.symmetric = symmetric;
            return this;
        }

        /** Whether labels are class ids whose same-class rows are not negatives (default true). */
        public Builder useClassIds(boolean useClassIds) {
            this.useClassIds = useClassIds;
            return this;
        }

        public SDLossInfoNCE build() {
            return new SDLossInfoNCE(this);
        }
    }
}
