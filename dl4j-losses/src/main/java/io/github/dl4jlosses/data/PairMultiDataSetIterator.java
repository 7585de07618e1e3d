package io.github.dl4jlosses.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Labelled pairs for two-input Siamese and Koch graphs ({@code LossContrastive}, binary
 * cross-entropy): features {@code {left [B, ...], right [B, ...]}} (input 0, input 1) with the
 * source's per-example shape (flat or {@code [c, h, w]} images), labels {@code {[B, 1]}}: 1 when
 * left and right are of the same class, 0 otherwise.
 * <p>
 * <b>Partners.</b> Every example is a left once per epoch. In each batch {@code round(f·B)} rows,
 * f = {@link Builder#positiveFraction(double)} (default 0.5), get a positive partner (another
 * example of the left's class, uniformly) and the others a negative partner (an example of any
 * other class, uniformly over examples). Where they come from is the batch mode:
 * <ul>
 *   <li>{@link Builder#randomBatches(int)} (default, B = 32): lefts are the data in a random order,
 *   partners come from the whole data; an epoch has {@code ceil(n / B)} batches, the last one
 *   possibly smaller. A left whose class has a single example cannot be a positive: it gets a
 *   negative, so such classes lower the positive fraction slightly.</li>
 *   <li>{@link Builder#classBalancedBatches(int, int)}: lefts are the P·K examples of a
 *   {@link PKBatchIterator}-style batch and partners come from the same batch (another of the K,
 *   or one of the other (P−1)·K), with that iterator's epoch and small-class rules.</li>
 * </ul>
 * With {@code withReplacement(true)} in class-balanced mode, a class with fewer than K examples
 * repeats them, so a positive partner may be the very example it is paired with.
 * Seeding, {@link #reset()} and {@link #setEpoch(int)} behave as in {@link PKBatchIterator}.
 */
public class PairMultiDataSetIterator implements MultiDataSetIterator {
    private static final long serialVersionUID = 1L;
    private static final String NAME = "PairMultiDataSetIterator";

    private final LabelledData data;
    private final EpochPlan plan;
    private MultiDataSetPreProcessor preProcessor;

    private PairMultiDataSetIterator(LabelledData data, EpochPlan plan) {
        this.data = data;
        this.plan = plan;
    }

    /** A builder with random batches of 32, positive fraction 0.5 and seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean hasNext() {
        return plan.hasNext();
    }

    @Override
    public MultiDataSet next() {
        int[][] rows = plan.next(); // {lefts, rights, same (1/0)}
        double[] same = new double[rows[2].length];
        for (int i = 0; i < same.length; i++) {
            same[i] = rows[2][i];
        }
        INDArray labels = Nd4j.createFromArray(same).reshape(same.length, 1).castTo(data.labelType());
        MultiDataSet mds = new MultiDataSet(new INDArray[]{data.gather(rows[0]), data.gather(rows[1])}, new INDArray[]{labels});
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

    /** Which batch positions get a positive partner: round(f·b) of those whose left can have one, at random. */
    static boolean[] positivePositions(boolean[] eligible, double fraction, Random random) {
        int wanted = (int) Math.round(fraction * eligible.length);
        boolean[] positive = new boolean[eligible.length];
        for (int i : Sampling.permutation(eligible.length, random)) {
            if (wanted == 0) {
                break;
            }
            if (eligible[i]) {
                positive[i] = true;
                wanted--;
            }
        }
        return positive;
    }

    /** Lefts in random order over the whole data, partners from the whole data. */
    private static final class RandomPlan extends EpochPlan {
        private static final long serialVersionUID = 1L;
        private final PartnerPicker picker;
        private final int n;
        private final int batchSize;
        private final double fraction;

        RandomPlan(long seed, LabelledData data, int batchSize, double fraction) {
            super(seed);
            this.picker = new PartnerPicker(data);
            this.n = data.size();
            this.batchSize = batchSize;
            this.fraction = fraction;
        }

        @Override
        protected List<int[][]> planEpoch(Random random) {
            int[] order = Sampling.permutation(n, random);
            List<int[][]> batches = new ArrayList<>();
            for (int from = 0; from < n; from += batchSize) {
                int b = Math.min(batchSize, n - from);
                int[] lefts = new int[b];
                boolean[] eligible = new boolean[b];
                for (int i = 0; i < b; i++) {
                    lefts[i] = order[from + i];
                    eligible[i] = picker.classSize(lefts[i]) >= 2;
                }
                boolean[] positive = positivePositions(eligible, fraction, random);
                int[] rights = new int[b];
                int[] same = new int[b];
                for (int i = 0; i < b; i++) {
                    rights[i] = positive[i] ? picker.positive(lefts[i], random) : picker.negative(lefts[i], random);
                    same[i] = positive[i] ? 1 : 0;
                }
                batches.add(new int[][]{lefts, rights, same});
            }
            return batches;
        }
    }

    /** Lefts are a P×K batch, partners from the same batch. */
    private static final class ClassBalancedPlan extends EpochPlan {
        private static final long serialVersionUID = 1L;
        private final int[][] classes;
        private final int p;
        private final int k;
        private final double fraction;

        ClassBalancedPlan(long seed, int[][] classes, int p, int k, double fraction) {
            super(seed);
            this.classes = classes;
            this.p = p;
            this.k = k;
            this.fraction = fraction;
        }

        @Override
        protected List<int[][]> planEpoch(Random random) {
            List<int[][]> batches = new ArrayList<>();
            for (int[][] groups : ClassBalancedSchedule.plan(classes, p, k, random)) {
                int b = p * k;
                boolean[] eligible = new boolean[b];
                Arrays.fill(eligible, true);
                boolean[] positive = positivePositions(eligible, fraction, random);
                int[] lefts = new int[b];
                int[] rights = new int[b];
                int[] same = new int[b];
                for (int g = 0, i = 0; g < p; g++) {
                    for (int j = 0; j < k; j++, i++) {
                        lefts[i] = groups[g][j];
                        rights[i] = positive[i] ? PartnerPicker.positiveInBatch(groups, g, j, random)
                                : PartnerPicker.negativeInBatch(groups, g, random);
                        same[i] = positive[i] ? 1 : 0;
                    }
                }
                batches.add(new int[][]{lefts, rights, same});
            }
            return batches;
        }
    }

    /** Configures a {@link PairMultiDataSetIterator}; {@link #data} is required. */
    public static final class Builder {
        private final LabelledSource source = new LabelledSource();
        private int batchSize = 32;
        private int p;
        private int k;
        private boolean classBalanced;
        private double positiveFraction = 0.5;
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

        /** Random lefts, partners from the whole data, B pairs per batch (the default mode, B = 32). */
        public Builder randomBatches(int batchSize) {
            this.classBalanced = false;
            this.batchSize = batchSize;
            return this;
        }

        /** P×K batches of lefts (P ≥ 2 classes, K ≥ 2 each), partners from the same batch: B = P·K pairs. */
        public Builder classBalancedBatches(int classesPerBatch, int examplesPerClass) {
            this.classBalanced = true;
            this.p = classesPerBatch;
            this.k = examplesPerClass;
            return this;
        }

        /** Share of pairs per batch labelled 1 (same class), in [0, 1]; default 0.5. */
        public Builder positiveFraction(double positiveFraction) {
            this.positiveFraction = positiveFraction;
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

        public PairMultiDataSetIterator build() {
            if (!(positiveFraction >= 0 && positiveFraction <= 1)) {
                throw new IllegalArgumentException(NAME + ": expected positiveFraction in [0, 1], got " + positiveFraction);
            }
            SmallClasses policy = SmallClasses.of(NAME, withReplacement, dropSmallClasses);
            if (classBalanced) {
                BatchModes.requireClassBalanced(NAME, p, k);
            } else {
                BatchModes.requireBatchSize(NAME, batchSize);
            }
            LabelledData data = source.load(NAME);
            if (positiveFraction < 1) {
                BatchModes.requireSeveralClasses(NAME, data, "a negative partner");
            }
            EpochPlan plan;
            if (classBalanced) {
                plan = new ClassBalancedPlan(seed, BatchModes.classBalancedClasses(NAME, data, p, k, policy), p, k, positiveFraction);
            } else {
                if (positiveFraction > 0) {
                    BatchModes.requireSomeClassWithTwo(NAME, data);
                }
                plan = new RandomPlan(seed, data, batchSize, positiveFraction);
            }
            return new PairMultiDataSetIterator(data, plan);
        }
    }
}
