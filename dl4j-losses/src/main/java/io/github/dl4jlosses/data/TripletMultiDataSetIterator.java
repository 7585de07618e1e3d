package io.github.dl4jlosses.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
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
public class TripletMultiDataSetIterator implements MultiDataSetIterator {
    private static final long serialVersionUID = 1L;
    private static final String NAME = "TripletMultiDataSetIterator";

    private final LabelledData data;
    private final EpochPlan plan;
    private final int inputs;
    private MultiDataSetPreProcessor preProcessor;

    private TripletMultiDataSetIterator(LabelledData data, EpochPlan plan, int inputs) {
        this.data = data;
        this.plan = plan;
        this.inputs = inputs;
    }

    /** A builder with random batches of 32, one positive, one negative and seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean hasNext() {
        return plan.hasNext();
    }

    @Override
    public MultiDataSet next() {
        int[][] rows = plan.next(); // {anchors, positives_1..P, negatives_1..N}
        INDArray[] features = new INDArray[rows.length];
        for (int i = 0; i < rows.length; i++) {
            features[i] = data.gather(rows[i]);
        }
        INDArray labels = Nd4j.zeros(data.labelType(), rows[0].length, 1);
        MultiDataSet mds = new MultiDataSet(features, new INDArray[]{labels});
        if (preProcessor != null) {
            preProcessor.preProcess(mds);
        }
        return mds;
    }

    /** Batch sizes are fixed by the builder; this is always an UnsupportedOperationException. */
    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException(NAME + ": the batch size is set by the builder, next(" + num + ") is not supported");
    }

    /** Starts the next epoch (a reset before the first batch of an epoch keeps that epoch). */
    @Override
    public void reset() {
        plan.reset();
    }

    /** Moves to the start of {@code epoch} (0 is the first). */
    public void setEpoch(int epoch) {
        plan.setEpoch(epoch);
    }

    public int epoch() {
        return plan.epoch();
    }

    public int batchesPerEpoch() {
        return plan.batchCount();
    }

    /** Inputs per example: 1 + positives + negatives (3 for a plain triplet). */
    public int inputCount() {
        return inputs;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** Anchors over the whole data in random order, partners from the whole data. */
    private static final class RandomPlan extends EpochPlan {
        private static final long serialVersionUID = 1L;
        private final PartnerPicker picker;
        private final int[] anchorRows;
        private final int batchSize;
        private final int positives;
        private final int negatives;

        RandomPlan(long seed, LabelledData data, int batchSize, int positives, int negatives) {
            super(seed);
            this.picker = new PartnerPicker(data);
            List<Integer> anchors = new ArrayList<>();
            for (int row = 0; row < data.size(); row++) {
                if (picker.classSize(row) >= 2) {
                    anchors.add(row);
                }
            }
            this.anchorRows = anchors.stream().mapToInt(Integer::intValue).toArray();
            this.batchSize = batchSize;
            this.positives = positives;
            this.negatives = negatives;
        }

        @Override
        protected List<int[][]> planEpoch(Random random) {
            int[] order = anchorRows.clone();
            Sampling.shuffle(order, random);
            List<int[][]> batches = new ArrayList<>();
            for (int from = 0; from < order.length; from += batchSize) {
                int b = Math.min(batchSize, order.length - from);
                int[][] rows = new int[1 + positives + negatives][b];
                for (int i = 0; i < b; i++) {
                    int anchor = order[from + i];
                    rows[0][i] = anchor;
                    int[] pos = picker.positives(anchor, positives, random);
                    for (int j = 0; j < positives; j++) {
                        rows[1 + j][i] = pos[j];
                    }
                    for (int j = 0; j < negatives; j++) {
                        rows[1 + positives + j][i] = picker.negative(anchor, random);
                    }
                }
                batches.add(rows);
            }
            return batches;
        }
    }

    /** Every member of a P×K batch an anchor, partners from the same batch. */
    private static final class ClassBalancedPlan extends EpochPlan {
        private static final long serialVersionUID = 1L;
        private final int[][] classes;
        private final int p;
        private final int k;
        private final int positives;
        private final int negatives;

        ClassBalancedPlan(long seed, int[][] classes, int p, int k, int positives, int negatives) {
            super(seed);
            this.classes = classes;
            this.p = p;
            this.k = k;
            this.positives = positives;
            this.negatives = negatives;
        }

        @Override
        protected List<int[][]> planEpoch(Random random) {
            List<int[][]> batches = new ArrayList<>();
            for (int[][] groups : ClassBalancedSchedule.plan(classes, p, k, random)) {
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
                batches.add(rows);
            }
            return batches;
        }
    }

    /** Configures a {@link TripletMultiDataSetIterator}; {@link #data} is required. */
    public static final class Builder {
        private final LabelledSource source = new LabelledSource();
        private int batchSize = 32;
        private int p;
        private int k;
        private boolean classBalanced;
        private int positives = 1;
        private int negatives = 1;
        private long seed;
        private boolean withReplacement;
        private boolean dropSmallClasses;

        private Builder() {
        }

        public Builder data(DataSet data) {
            source.set(data);
            return this;
        }

        /** The iterator is reset (when it can be) and drained once. */
        public Builder data(DataSetIterator data) {
            source.set(data);
            return this;
        }

        /** Random anchors, partners from the whole data, B triplets per batch (the default mode, B = 32). */
        public Builder randomBatches(int batchSize) {
            this.classBalanced = false;
            this.batchSize = batchSize;
            return this;
        }

        /** P×K batches of anchors (P ≥ 2 classes, K ≥ 2 each), partners from the same batch: B = P·K triplets. */
        public Builder classBalancedBatches(int classesPerBatch, int examplesPerClass) {
            this.classBalanced = true;
            this.p = classesPerBatch;
            this.k = examplesPerClass;
            return this;
        }

        /** Positive inputs per anchor (default 1); more than 1 is for multi-sample triplet graphs. */
        public Builder positives(int positives) {
            this.positives = positives;
            return this;
        }

        /** Negative inputs per anchor (default 1); more than 1 is for multi-sample triplet graphs. */
        public Builder negatives(int negatives) {
            this.negatives = negatives;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Class-balanced mode: a class with fewer than K examples repeats its examples. */
        public Builder withReplacement(boolean withReplacement) {
            this.withReplacement = withReplacement;
            return this;
        }

        /** Class-balanced mode: classes with fewer than K examples are left out. */
        public Builder dropSmallClasses(boolean dropSmallClasses) {
            this.dropSmallClasses = dropSmallClasses;
            return this;
        }

        public TripletMultiDataSetIterator build() {
            if (positives < 1 || negatives < 1) {
                throw new IllegalArgumentException(String.format(
                        "%s: expected positives >= 1 and negatives >= 1, got %d and %d", NAME, positives, negatives));
            }
            SmallClasses policy = SmallClasses.of(NAME, withReplacement, dropSmallClasses);
            if (classBalanced) {
                BatchModes.requireClassBalanced(NAME, p, k);
            } else {
                BatchModes.requireBatchSize(NAME, batchSize);
            }
            LabelledData data = source.load(NAME);
            BatchModes.requireSeveralClasses(NAME, data, "a negative");
            EpochPlan plan;
            if (classBalanced) {
                int[][] classes = BatchModes.classBalancedClasses(NAME, data, p, k, policy);
                plan = new ClassBalancedPlan(seed, classes, p, k, positives, negatives);
            } else {
                BatchModes.requireSomeClassWithTwo(NAME, data);
                plan = new RandomPlan(seed, data, batchSize, positives, negatives);
            }
            return new TripletMultiDataSetIterator(data, plan, 1 + positives + negatives);
        }
    }
}
