package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.mining.ClassLabels;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossBatchTriplet}: the triplet loss mined from a labelled batch (ALL, HARD,
 * SEMI_HARD), defined by {@link SDLabelledBatchLosses#batchTriplet} and differentiated by SameDiff. Same
 * options, defaults and input checks as {@link LossBatchTriplet}. When DL4J runs it, ALL and SEMI_HARD work on
 * {@code [B, S, B]} tensors (S = largest number of positives of an anchor, {@code K − 1} in a P×K batch), as
 * {@link LossBatchTriplet} does: the positive-slot table is built in Java from the labels of each call and
 * fed to the graph with them. {@link #define}, for graphs built by users (e.g. {@link SharedTowerModel}),
 * takes plain labels and builds {@code [B,B,B]} tensors.
 */
public class SDLossBatchTriplet extends SDLabelledBatchLoss {
    private static final String NAME = "SDLossBatchTriplet";

    @JsonProperty("mining")
    private TripletMining mining = TripletMining.SEMI_HARD;
    @JsonProperty("margin")
    private double margin = 1.0;
    @JsonProperty("distance")
    private Distance distance = Distance.EUCLIDEAN;
    @JsonProperty("softMargin")
    private boolean softMargin = false;

    /** The defaults of {@link LossBatchTriplet}. */
    public SDLossBatchTriplet() {
    }

    private SDLossBatchTriplet(Builder b) {
        this.mining = LossInputs.requireNonNull(NAME, "mining", b.mining);
        this.margin = LossInputs.requireNonNegative(NAME, "margin", b.margin);
        this.distance = LossInputs.requireNonNull(NAME, "distance", b.distance);
        this.softMargin = b.softMargin;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossBatchTriplet of(LossBatchTriplet loss) {
        return builder().mining(loss.getMining()).margin(loss.getMargin()).distance(loss.getDistance())
                .softMargin(loss.isSoftMargin()).build();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDLabelledBatchLosses.batchTriplet(sd, name, branches[0], labels, mining, margin, distance, softMargin);
    }

    /** ALL and SEMI_HARD: {@code [class id | slotIndex (S) | slotValid (S)]}, {@code [B, 1+2S]}, of the graph's rows. */
    @Override
    protected INDArray graphLabels(INDArray labels, long rows) {
        if (!usesSlots()) {
            return super.graphLabels(labels, rows);
        }
        INDArray ids = ClassLabels.classIdsUnchecked(labels);   // validate() has checked them
        INDArray[] slots = SDLabelledBatchLosses.positiveSlots(ids);
        return Nd4j.hstack(ids, slots[0], slots[1]);
    }

    /** Reads {@link #graphLabels}'s encoding back: the slot form of the loss, O(B·S·B) for ALL and SEMI_HARD. */
    @Override
    protected SDVariable defineGraphLoss(SameDiff sd, SDVariable layerInput, SDVariable graphLabels) {
        if (!usesSlots()) {
            return super.defineGraphLoss(sd, layerInput, graphLabels);
        }
        // Static begin/end with end masks: the widths are only known when the graph runs.
        SDVariable ids = sd.stridedSlice(graphLabels, new long[]{0, 0}, new long[]{0, 1}, new long[]{1, 1}, 0, 1, 0, 0, 0);
        SDVariable rest = sd.stridedSlice(graphLabels, new long[]{0, 1}, new long[]{0, 0}, new long[]{1, 1}, 0, 3, 0, 0, 0);
        SDVariable[] slots = sd.split(rest, 2, 1);
        return SDLabelledBatchLosses.batchTriplet(sd, null, layerInput, ids, slots[0], slots[1], mining, margin,
                distance, softMargin).perExample();
    }

    /** HARD is O(B²) without a slot table; ALL and SEMI_HARD need one to avoid [B,B,B] tensors. */
    private boolean usesSlots() {
        return mining != TripletMining.HARD;
    }

    public TripletMining getMining() {
        return mining;
    }

    public double getMargin() {
        return margin;
    }

    public Distance getDistance() {
        return distance;
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
        if (!(o instanceof SDLossBatchTriplet)) return false;
        SDLossBatchTriplet that = (SDLossBatchTriplet) o;
        return mining == that.mining && Double.compare(margin, that.margin) == 0
                && distance == that.distance && softMargin == that.softMargin;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, mining, margin, distance, softMargin);
    }

    @Override
    public String toString() {
        return NAME + "(mining=" + mining + ", margin=" + margin + ", distance=" + distance
                + ", softMargin=" + softMargin + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossBatchTriplet}. */
    public static final class Builder {
        private TripletMining mining = TripletMining.SEMI_HARD;
        private double margin = 1.0;
        private Distance distance = Distance.EUCLIDEAN;
        private boolean softMargin = false;

        /** Which triplets to use (default {@link TripletMining#SEMI_HARD}). */
        public Builder mining(TripletMining mining) {
            this.mining = mining;
            return this;
        }

        /** Margin m &gt;= 0 (default 1; unused with {@code softMargin}). */
        public Builder margin(double margin) {
            this.margin = margin;
            return this;
        }

        /** Distance (default Euclidean). */
        public Builder distance(Distance distance) {
            this.distance = distance;
            return this;
        }

        /** {@code log(1 + exp(z))} instead of {@code relu(z + m)} (default false). */
        public Builder softMargin(boolean softMargin) {
            this.softMargin = softMargin;
            return this;
        }

        public SDLossBatchTriplet build() {
            return new SDLossBatchTriplet(this);
        }
    }
}
