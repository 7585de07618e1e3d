package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.loss.LossTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossTriplet}: {@code relu(d(a,p) − d(a,n) + m)} (or the soft margin, or with
 * the distance swap) on preOutput {@code [B, 3D] = [a | p | n]}, labels ignored; defined by
 * {@link SDTupleLosses#triplet} and differentiated by SameDiff. Same options, defaults and input checks
 * as {@link LossTriplet}.
 */
public class SDLossTriplet extends SameDiffRankingLoss {
    private static final String NAME = "SDLossTriplet";

    @JsonProperty("margin")
    private double margin = 1.0;
    @JsonProperty("distance")
    private Distance distance = Distance.EUCLIDEAN;
    @JsonProperty("swap")
    private boolean swap = false;
    @JsonProperty("softMargin")
    private boolean softMargin = false;

    /** The defaults of {@link LossTriplet}. */
    public SDLossTriplet() {
    }

    private SDLossTriplet(Builder b) {
        this.margin = LossInputs.requireNonNegative(NAME, "margin", b.margin);
        this.distance = LossInputs.requireNonNull(NAME, "distance", b.distance);
        this.swap = b.swap;
        this.softMargin = b.softMargin;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossTriplet of(LossTriplet loss) {
        return builder().margin(loss.getMargin()).distance(loss.getDistance()).swap(loss.isSwap())
                .softMargin(loss.isSoftMargin()).build();
    }

    @Override
    public int branches() {
        return 3;
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 3);
        return SDTupleLosses.triplet(sd, name, branches[0], branches[1], branches[2], margin, distance, swap, softMargin);
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(NAME, preOutput, 3, "[anchor | positive | negative]");
        LossInputs.requireLabelRows(NAME, labels, preOutput);
    }

    public double getMargin() {
        return margin;
    }

    public Distance getDistance() {
        return distance;
    }

    public boolean isSwap() {
        return swap;
    }

    public boolean isSoftMargin() {
        return softMargin;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SDLossTriplet)) return false;
        SDLossTriplet that = (SDLossTriplet) o;
        return Double.compare(margin, that.margin) == 0 && swap == that.swap
                && softMargin == that.softMargin && distance == that.distance;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, margin, distance, swap, softMargin);
    }

    @Override
    public String toString() {
        return NAME + "(margin=" + margin + ", distance=" + distance + ", swap=" + swap
                + ", softMargin=" + softMargin + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossTriplet}. */
    public static final class Builder {
        private double margin = 1.0;
        private Distance distance = Distance.EUCLIDEAN;
        private boolean swap = false;
        private boolean softMargin = false;

        /** Margin m &gt;= 0 (default 1). */
        public Builder margin(double margin) {
            this.margin = margin;
            return this;
        }

        public Builder distance(Distance distance) {
            this.distance = distance;
            return this;
        }

        /** Balntas 2016 distance swap: use min(d(a,n), d(p,n)) as the negative distance (default false). */
        public Builder swap(boolean swap) {
            this.swap = swap;
            return this;
        }

        /** Soft margin log(1+exp(d_ap − d_an)) instead of the hinge (default false). */
        public Builder softMargin(boolean softMargin) {
            this.softMargin = softMargin;
            return this;
        }

        public SDLossTriplet build() {
            return new SDLossTriplet(this);
        }
    }
}
