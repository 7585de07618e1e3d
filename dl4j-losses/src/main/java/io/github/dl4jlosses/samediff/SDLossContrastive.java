package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossInputs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossContrastive}: {@code s·relu(d − m_pos)² + (1 − s)·relu(m_neg − d)²} on
 * preOutput {@code [B, 2D] = [x1 | x2]} with {@code [B,1]} pair labels of 0/1, defined by
 * {@link SDTupleLosses#contrastive} and differentiated by SameDiff. Same options, defaults and
 * input checks as {@link LossContrastive}.
 */
public class SDLossContrastive extends SameDiffRankingLoss {
    private static final String NAME = "SDLossContrastive";

    @JsonProperty("distance")
    private Distance distance = Distance.EUCLIDEAN;
    @JsonProperty("similarLabel")
    private int similarLabel = 1;
    @JsonProperty("marginPositive")
    private double marginPositive = 0.0;
    @JsonProperty("marginNegative")
    private double marginNegative = 1.0;

    /** The defaults of {@link LossContrastive}. */
    public SDLossContrastive() {
    }

    private SDLossContrastive(Builder b) {
        this.distance = LossInputs.requireNonNull(NAME, "distance", b.distance);
        if (b.similarLabel != 0 && b.similarLabel != 1) {
            throw new IllegalArgumentException(NAME + ": expected similarLabel to be 0 or 1, got " + b.similarLabel);
        }
        this.similarLabel = b.similarLabel;
        this.marginPositive = LossInputs.requireNonNegative(NAME, "marginPositive", b.marginPositive);
        this.marginNegative = LossInputs.requireNonNegative(NAME, "marginNegative", b.marginNegative);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossContrastive of(LossContrastive loss) {
        return builder().distance(loss.getDistance()).similarLabel(loss.getSimilarLabel())
                .marginPositive(loss.getMarginPositive()).marginNegative(loss.getMarginNegative()).build();
    }

    @Override
    public int branches() {
        return 2;
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 2);
        return SDTupleLosses.contrastive(sd, name, branches[0], branches[1], labels, distance, similarLabel,
                marginPositive, marginNegative);
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(NAME, preOutput, 2, "[x1 | x2]");
        LossInputs.requireColumnLabels(NAME, labels, preOutput);
        TwinInputs.requireBinaryLabels(NAME, labels, similarLabel);
    }

    public Distance getDistance() {
        return distance;
    }

    public int getSimilarLabel() {
        return similarLabel;
    }

    public double getMarginPositive() {
        return marginPositive;
    }

    public double getMarginNegative() {
        return marginNegative;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SDLossContrastive)) return false;
        SDLossContrastive that = (SDLossContrastive) o;
        return similarLabel == that.similarLabel
                && Double.compare(marginPositive, that.marginPositive) == 0
                && Double.compare(marginNegative, that.marginNegative) == 0
                && distance == that.distance;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, distance, similarLabel, marginPositive, marginNegative);
    }

    @Override
    public String toString() {
        return NAME + "(distance=" + distance + ", similarLabel=" + similarLabel
                + ", marginPositive=" + marginPositive + ", marginNegative=" + marginNegative + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossContrastive}. */
    public static final class Builder {
        private Distance distance = Distance.EUCLIDEAN;
        private int similarLabel = 1;
        private double marginPositive = 0.0;
        private double marginNegative = 1.0;

        public Builder distance(Distance distance) {
            this.distance = distance;
            return this;
        }

        /** Label value that marks a similar pair: 1 (default) or 0 (Hadsell 2006). */
        public Builder similarLabel(int similarLabel) {
            this.similarLabel = similarLabel;
            return this;
        }

        /** Similar pairs are pulled until their distance is at most this (default 0). */
        public Builder marginPositive(double marginPositive) {
            this.marginPositive = marginPositive;
            return this;
        }

        /** Dissimilar pairs are pushed until their distance is at least this (default 1). */
        public Builder marginNegative(double marginNegative) {
            this.marginNegative = marginNegative;
            return this;
        }

        public SDLossContrastive build() {
            return new SDLossContrastive(this);
        }
    }
}
