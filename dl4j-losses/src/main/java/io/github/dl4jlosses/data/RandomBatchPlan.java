package io.github.dl4jlosses.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Epochs of the pair and triplet iterators' random mode: the leading rows (lefts, anchors) in a
 * fresh random order, cut into batches of B, the last one possibly smaller; the subclass draws
 * each batch's partners.
 */
abstract class RandomBatchPlan extends EpochPlan {
    private static final long serialVersionUID = 1L;

    private final int[] leadingRows;
    private final int batchSize;

    RandomBatchPlan(long seed, int[] leadingRows, int batchSize) {
        super(seed);
        this.leadingRows = leadingRows;
        this.batchSize = batchSize;
    }

    @Override
    protected final List<int[][]> planEpoch(Random random) {
        int[] order = leadingRows.clone();
        Sampling.shuffle(order, random);
        List<int[][]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int[] leading = Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length));
            batches.add(batchRows(leading, random));
        }
        return batches;
    }

    /** The rows of one batch: the leading rows given, their partners drawn from {@code random}. */
    abstract int[][] batchRows(int[] leading, Random random);
}
