package io.github.dl4jlosses.data;

import lombok.Setter;
import lombok.experimental.Accessors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Triplets for three-input Triplet graphs ({@code LossTriplet}): features
 * {@code {anchor, positive, negative}}, each {@code [B, ...]} with the source's per-example shape
 * (flat or {@code [c, h, w]} images); labels {@code {[B, 1]}} of zeros (tuple losses ignore them,
 * DL4J needs an array). With {@link Builder#positives(int)} = P and {@link Builder#negatives(int)}
 * = N the inputs are {@code {anchor, positive_1..positive_P, negative_1..negative_N}}, the order
 * of {@code LossMultiSampleTriplet}'s {@code [a | p_1..p_P | n_1..n_N]} after a {@code MergeVertex}.
 * <p>
 * Positives are other examples of the anchor's class (distinct from each other while the class
 * has enough, repeated otherwise), negatives examples of other classes, each drawn uniformly.
 * <ul>
 *   <li>{@link Builder#randomBatches(int)} (default, B = 32): every example of a class with two or
 *   more examples is an anchor once per epoch, in random order; positives and negatives come from
 *   the whole data (single-example classes serve as negatives only). {@code ceil(anchors / B)}
 *   batches, the last one possibly smaller.</li>
 *   <li>{@link Builder#classBalancedBatches(int, int)}: each member of a {@link PKBatchIterator}-style
 *   batch is an anchor, positives and negatives come from the same batch; B = P·K, with that
 *   iterator's epoch and small-class rules.</li>
 * </ul>
 * With {@code withReplacement(true)} in class-balanced mode, a class with fewer than K examples
 * repeats them, so a positive partner may be the very example it is paired with.
 * Seeding, {@link #reset()} and {@link #setEpoch(int)} behave as in {@link PKBatchIterator}.
 */
public class TripletMultiDataSetIterator extends EpochMultiDataSetIterator {
    private static final long serialVersionUID = 1L;
    private static final String NAME = "TripletMultiDataSetIterator";

    /** Inputs per example: the anchor, then P positives and N negatives. */
    private final int inputs;

    private TripletMultiDataSetIterator(LabelledData data, EpochPlan plan, int inputs) {
        super(data, plan);
        this.inputs = inputs;
    }

    /** A builder with random batches of 32, one positive, one negative and seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code rows} = {anchors, positives_1..P, negatives_1..N}. */
    @Override
    MultiDataSet batchOf(int[][] rows) {
        INDArray[] features = new INDArray[rows.length];
        for (int i = 0; i < rows.length; i++) {
            features[i] = data.gather(rows[i]);
        }
        INDArray labels = Nd4j.zeros(data.labelType(), rows[0].length, 1);
        return new MultiDataSet(features, new INDArray[]{labels});
    }

    /** Inputs per example: 1 + positives + negatives (3 for a plain triplet). */
    public int inputCount() {
        return inputs;
    }

    /** Every row of a class with two or more examples an anchor once, in random order; partners from the whole data. */
    private static final class RandomTriplets extends RandomBatchPlan {
        private static final long serialVersionUID = 1L;
        private final PartnerPicker picker;
        private final int positives;
        private final int negatives;

        RandomTriplets(long seed, PartnerPicker picker, int batchSize, int positives, int negatives) {
            super(seed, picker.rowsWithAPositive(), batchSize);
            this.picker = picker;
            this.positives = positives;
            this.negatives = negatives;
        }

        @Override
        int[][] batchRows(int[] anchors, Random random) {
            int b = anchors.length;
            int[][] rows = new int[1 + positives + negatives][b];
            for (int i = 0; i < b; i++) {
                int anchor = anchors[i];
                rows[0][i] = anchor;
                int[] pos = picker.positives(anchor, positives, random);
                for (int j = 0; j < positives; j++) {
                    rows[1 + j][i] = pos[j];
                }
                for (int j = 0; j < negatives; j++) {
                    rows[1 + positives + j][i] = picker.negative(anchor, random);
                }
            }
            return rows;
        }
    }

    /** Every member of a P×K batch an anchor, partners from the same batch. */
    private static final class ClassBalancedTriplets extends ClassBalancedPlan {
        private static final long serialVersionUID = 1L;
        private final int positives;
        private final int negatives;

        ClassBalancedTriplets(long seed, int[][] classes, int p, int k, int positives, int negatives) {
            super(seed, classes, p, k);
            this.positives = positives;
            this.negatives = negatives;
        }

        @Override
        int[][] batchRows(int[][] groups, Random random) {
            int[][] rows = new int[1 + positives + negatives][p * k];
            for (int g = 0, i = 0; g < p; g++) {
                for (int j = 0; j < k; j++, i++) {
                    rows[0][i] = groups[g][j];
                    int[] pos = PartnerPicker.positivesInBatch(groups, g, j, positives, random);
                    for (int q = 0; q < positives; q++) {
                        rows[1 + q][i] = pos[q];
                    }
                    for (int q = 0; q < negatives; q++) {
                        rows[1 + positives + q][i] = PartnerPicker.negativeInBatch(groups, g, random);
                    }
                }
            }
            return rows;
        }
    }

    /** Configures a {@link TripletMultiDataSetIterator}; {@link #data} is required. */
    @Setter
    @Accessors(fluent = true)
    public static final class Builder extends BatchModeBuilder<Builder> {
        /** Positive inputs per anchor (default 1); more than 1 is for multi-sample triplet graphs. */
        private int positives = 1;
        /** Negative inputs per anchor (default 1); more than 1 is for multi-sample triplet graphs. */
        private int negatives = 1;

        private Builder() {
        }

        /** @return the iterator; throws {@code IllegalArgumentException} if the data or an option does not fit */
        public TripletMultiDataSetIterator build() {
            if (positives < 1 || negatives < 1) {
                throw new IllegalArgumentException(String.format(
                        "%s: expected positives >= 1 and negatives >= 1, got %d and %d", NAME, positives, negatives));
            }
            SmallClasses policy = checkedSettings(NAME);
            LabelledData data = loadData(NAME);
            BatchModes.requireSeveralClasses(NAME, data, "a negative");
            EpochPlan plan;
            if (classBalanced) {
                int[][] classes = BatchModes.classBalancedClasses(NAME, data, p, k, policy);
                plan = new ClassBalancedTriplets(seed, classes, p, k, positives, negatives);
            } else {
                BatchModes.requireSomeClassWithTwo(NAME, data);
                plan = new RandomTriplets(seed, new PartnerPicker(data), batchSize, positives, negatives);
            }
            return new TripletMultiDataSetIterator(data, plan, 1 + positives + negatives);
        }
    }
}
