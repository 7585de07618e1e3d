package io.github.dl4jlosses.data;

/**
 * What the flat and the two-input pair-batch iterators are built from: the data, N and an epoch
 * plan of N×2 batches (N classes, an anchor and a positive of each).
 */
final class PairBatchSampler {
    final LabelledData data;
    final int pairs;
    final EpochPlan plan;

    PairBatchSampler(LabelledData data, int pairs, long seed, SmallClasses policy) {
        this.data = data;
        this.pairs = pairs;
        int[][] classes = data.usableClasses(2, policy, "2 (an anchor and a positive)", false);
        if (classes.length < pairs) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected at least N = %d classes with 2 or more examples (one class per pair), got %d (of %d classes in the data)",
                    data.owner(), pairs, classes.length, data.classCount()));
        }
        this.plan = new ClassBalancedPlan(seed, classes, pairs, 2);
    }

    /** A planned batch of N groups of two rows (one group per class) as {@code {anchorRows, positiveRows}}. */
    static int[][] anchorsAndPositives(int[][] groups) {
        int[] anchors = new int[groups.length];
        int[] positives = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            anchors[i] = groups[i][0];
            positives[i] = groups[i][1];
        }
        return new int[][]{anchors, positives};
    }
}
