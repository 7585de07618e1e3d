package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossInfoNCE;
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

    /** The twin of {@code loss} (options already checked by its builder). */
    private SDLossInfoNCE(LossInfoNCE loss) {
        this.temperature = loss.getTemperature();
        this.symmetric = loss.isSymmetric();
        this.useClassIds = loss.isUseClassIds();
    }

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
    public static final class Builder extends LossInfoNCE.Options<Builder> {
        public SDLossInfoNCE build() {
            return new SDLossInfoNCE(toLoss(NAME));
        }
    }
}
