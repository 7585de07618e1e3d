package io.github.dl4jlosses.data;

import java.io.Serializable;
import java.util.List;
import java.util.Random;

/** What the flat and the two-input pair-batch iterators share: the data and a P×2 epoch plan. */
final class PairBatchSampler implements Serializable {
    private static final long serialVersionUID = 1L;

    final LabelledData data;
    final int pairs;
    final EpochPlan plan;

    PairBatchSampler(LabelledData data, int pairs, long seed, SmallClasses policy) {
        this.data = data;
        this.pairs = pairs;
        int[][] classes = data.usableClasses(2, policy, "2 (an anchor and a positive)");
        if (classes.length < pairs) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected at least N = %d classes with 2 or more examples (one class per pair), got %d (of %d classes in the data)",
                    data.owner(), pairs, classes.length, data.classCount()));
        }
        this.plan = new Plan(seed, classes, pairs);
    }

    /** The next batch as {@code {anchorRows, positiveRows}}. */
    int[][] nextRows() {
        int[][] groups = plan.next();
        int[] anchors = new int[groups.length];
        int[] positives = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            anchors[i] = groups[i][0];
            positives[i] = groups[i][1];
        }
        return new int[][]{anchors, positives};
    }

    private static final class Plan extends EpochPlan {
        private static final long serialVersionUID = 1L;
        private final int[][] classes;
        private final int pairs;

        Plan(long seed, int[][] classes, int pairs) {
            super(seed);
            this.classes = classes;
            this.pairs = pairs;
        }

        @Override
        protected List<int[][]> planEpoch(Random random) {
            return ClassBalancedSchedule.plan(classes, pairs, 2, random);
        }
    }
}
