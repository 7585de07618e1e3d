package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossGeneralizedTriplet}: {@code (1/N') Σ_i relu(d(a_i,p_i) − min_{j ∈ neg(i)} d(a_i,p_j) + m)}
 * on a pair batch, defined by {@link SDPairBatchLosses#generalizedTriplet} and differentiated by SameDiff.
 * Same options, defaults and input checks as {@link LossGeneralizedTriplet}.
 */
public class SDLossGeneralizedTriplet extends SDPairBatchLoss {
    private static final String NAME = "SDLossGeneralizedTriplet";

    @JsonProperty("margin")
    private double margin = 0.2;
    @JsonProperty("distance")
    private Distance distance = Distance.SQUARED_EUCLIDEAN;

    /** The defaults of {@link LossGeneralizedTriplet}. */
    public SDLossGeneralizedTriplet() {
    }

    /** The twin of {@code loss} (options already checked by its builder). */
    private SDLossGeneralizedTriplet(LossGeneralizedTriplet loss) {
        this.margin = loss.getMargin();
        this.distance = loss.getDistance();
        this.useClassIds = loss.isUseClassIds();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossGeneralizedTriplet of(LossGeneralizedTriplet loss) {
        return new SDLossGeneralizedTriplet(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 2);
        return SDPairBatchLosses.generalizedTriplet(sd, name, branches[0], branches[1], classIds(labels), margin, distance);
    }

    public double getMargin() {
        return margin;
    }

    public Distance getDistance() {
        return distance;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SDLossGeneralizedTriplet)) return false;
        SDLossGeneralizedTriplet that = (SDLossGeneralizedTriplet) o;
        return Double.compare(margin, that.margin) == 0 && distance == that.distance && useClassIds == that.useClassIds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, margin, distance, useClassIds);
    }

    @Override
    public String toString() {
        return NAME + "(margin=" + margin + ", distance=" + distance + ", useClassIds=" + useClassIds + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossGeneralizedTriplet}. */
    public static final class Builder extends LossGeneralizedTriplet.Options<Builder> {
        public SDLossGeneralizedTriplet build() {
            return new SDLossGeneralizedTriplet(toLoss(NAME));
        }
    }
}
