package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Objects;

/**
 * SameDiff twin of {@link LossMultiSampleTriplet}: {@code relu(mean_k d(a,p_k) − mean_k d(a,n_k) + m)} on
 * preOutput {@code [B, (1+P+N)·D] = [a | p_1..p_P | n_1..n_N]}, labels ignored; defined by
 * {@link SDTupleLosses#multiSampleTriplet} and differentiated by SameDiff. Same options, defaults and
 * input checks as {@link LossMultiSampleTriplet}.
 */
public class SDLossMultiSampleTriplet extends SameDiffRankingLoss {
    private static final String NAME = "SDLossMultiSampleTriplet";

    @JsonProperty("positives")
    private int positives = 1;
    @JsonProperty("negatives")
    private int negatives = 1;
    @JsonProperty("margin")
    private double margin = 1.0;
    @JsonProperty("distance")
    private Distance distance = Distance.EUCLIDEAN;

    /** The defaults of {@link LossMultiSampleTriplet}. */
    public SDLossMultiSampleTriplet() {
    }

    private SDLossMultiSampleTriplet(Builder b) {
        this.positives = LossInputs.requirePositive(NAME, "positives (P)", b.positives);
        this.negatives = LossInputs.requirePositive(NAME, "negatives (N)", b.negatives);
        this.margin = LossInputs.requireNonNegative(NAME, "margin", b.margin);
        this.distance = LossInputs.requireNonNull(NAME, "distance", b.distance);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossMultiSampleTriplet of(LossMultiSampleTriplet loss) {
        return builder().positives(loss.getPositives()).negatives(loss.getNegatives()).margin(loss.getMargin())
                .distance(loss.getDistance()).build();
    }

    @Override
    public int branches() {
        return 1 + positives + negatives;
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, branches());
        SDVariable[] pos = Arrays.copyOfRange(branches, 1, 1 + positives);
        SDVariable[] neg = Arrays.copyOfRange(branches, 1 + positives, branches.length);
        return SDTupleLosses.multiSampleTriplet(sd, name, branches[0], pos, neg, margin, distance);
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(NAME, preOutput, branches(),
                "[anchor | " + positives + " positives | " + negatives + " negatives]");
        LossInputs.requireLabelRows(NAME, labels, preOutput);
    }

    public int getPositives() {
        return positives;
    }

    public int getNegatives() {
        return negatives;
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
        if (!(o instanceof SDLossMultiSampleTriplet)) return false;
        SDLossMultiSampleTriplet that = (SDLossMultiSampleTriplet) o;
        return positives == that.positives && negatives == that.negatives
                && Double.compare(margin, that.margin) == 0 && distance == that.distance;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, positives, negatives, margin, distance);
    }

    @Override
    public String toString() {
        return NAME + "(positives=" + positives + ", negatives=" + negatives + ", margin=" + margin
                + ", distance=" + distance + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossMultiSampleTriplet}. */
    public static final class Builder {
        private int positives = 1;
        private int negatives = 1;
        private double margin = 1.0;
        private Distance distance = Distance.EUCLIDEAN;

        /** Number of positives P per anchor (default 1). */
        public Builder positives(int positives) {
            this.positives = positives;
            return this;
        }

        /** Number of negatives N per anchor (default 1). */
        public Builder negatives(int negatives) {
            this.negatives = negatives;
            return this;
        }

        public Builder margin(double margin) {
            this.margin = margin;
            return this;
        }

        public Builder distance(Distance distance) {
            this.distance = distance;
            return this;
        }

        public SDLossMultiSampleTriplet build() {
            return new SDLossMultiSampleTriplet(this);
        }
    }
}
