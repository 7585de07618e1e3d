package io.github.dl4jlosses.data;

import lombok.Setter;
import lombok.experimental.Accessors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
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
public class PairMultiDataSetIterator extends EpochMultiDataSetIterator {
    private static final long serialVersionUID = 1L;
    private static final String NAME = "PairMultiDataSetIterator";

    private PairMultiDataSetIterator(LabelledData data, EpochPlan plan) {
        super(data, plan);
    }

    /** A builder with random batches of 32, positive fraction 0.5 and seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code rows} = {lefts, rights, same (1/0)}. */
    @Override
    MultiDataSet batchOf(int[][] rows) {
        double[] same = new double[rows[2].length];
        for (int i = 0; i < same.length; i++) {
            same[i] = rows[2][i];
        }
        INDArray labels = Nd4j.createFromArray(same).reshape(same.length, 1).castTo(data.labelType());
        return new MultiDataSet(new INDArray[]{data.gather(rows[0]), data.gather(rows[1])}, new INDArray[]{labels});
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

    /** Every row a left once, in random order; partners from the whole data. */
    private static final class RandomPairs extends RandomBatchPlan {
        private static final long serialVersionUID = 1L;
        private final PartnerPicker picker;
        private final double fraction;

        RandomPairs(long seed, LabelledData data, int batchSize, double fraction) {
            super(seed, Sampling.range(data.size()), batchSize);
            this.picker = new PartnerPicker(data);
            this.fraction = fraction;
        }

        @Override
        int[][] batchRows(int[] lefts, Random random) {
            int b = lefts.length;
            boolean[] eligible = new boolean[b];
            for (int i = 0; i < b; i++) {
                eligible[i] = picker.classSize(lefts[i]) >= 2;
            }
            boolean[] positive = positivePositions(eligible, fraction, random);
            int[] rights = new int[b];
            int[] same = new int[b];
            for (int i = 0; i < b; i++) {
                rights[i] = positive[i] ? picker.positive(lefts[i], random) : picker.negative(lefts[i], random);
                same[i] = positive[i] ? 1 : 0;
            }
            return new int[][]{lefts, rights, same};
        }
    }

    /** Lefts are a P×K batch, partners from the same batch. */
    private static final class ClassBalancedPairs extends ClassBalancedPlan {
        private static final long serialVersionUID = 1L;
        private final double fraction;

        ClassBalancedPairs(long seed, int[][] classes, int p, int k, double fraction) {
            super(seed, classes, p, k);
            this.fraction = fraction;
        }

        @Override
        int[][] batchRows(int[][] groups, Random random) {
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
            return new int[][]{lefts, rights, same};
        }
    }

    /** Configures a {@link PairMultiDataSetIterator}; {@link #data} is required. */
    @Setter
    @Accessors(fluent = true)
    public static final class Builder extends BatchModeBuilder<Builder> {
        /** Share of pairs per batch labelled 1 (same class), in [0, 1]; default 0.5. */
        private double positiveFraction = 0.5;

        private Builder() {
        }

        /** @return the iterator; throws {@code IllegalArgumentException} if the data or an option does not fit */
        public PairMultiDataSetIterator build() {
            if (!(positiveFraction >= 0 && positiveFraction <= 1)) {
                throw new IllegalArgumentException(NAME + ": expected positiveFraction in [0, 1], got " + positiveFraction);
            }
            SmallClasses policy = checkedSettings(NAME);
            LabelledData data = loadData(NAME);
            if (positiveFraction < 1) {
                BatchModes.requireSeveralClasses(NAME, data, "a negative partner");
            }
            EpochPlan plan;
            if (classBalanced) {
                plan = new ClassBalancedPairs(seed, BatchModes.classBalancedClasses(NAME, data, p, k, policy), p, k, positiveFraction);
            } else {
                if (positiveFraction > 0) {
                    BatchModes.requireSomeClassWithTwo(NAME, data);
                }
                plan = new RandomPairs(seed, data, batchSize, positiveFraction);
            }
            return new PairMultiDataSetIterator(data, plan);
        }
    }
}
