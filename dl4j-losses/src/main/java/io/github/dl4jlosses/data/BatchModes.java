package io.github.dl4jlosses.data;

/** Checks the pair and triplet builders share for their two batch modes, each failing with a message that names the iterator. */
final class BatchModes {
    private BatchModes() {
    }

    static void requireBatchSize(String owner, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(owner + ": expected randomBatches(batchSize) with batchSize >= 1, got " + batchSize);
        }
    }

    static void requireClassBalanced(String owner, int p, int k) {
        if (p < 2 || k < 2) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected classBalancedBatches(P, K) with P >= 2 (negatives come from other classes in the batch) "
                            + "and K >= 2 (positives from the same class), got P = %d, K = %d", owner, p, k));
        }
    }

    static void requireSeveralClasses(String owner, LabelledData data, String why) {
        if (data.classCount() < 2) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected at least 2 classes (%s needs another class), got %d", owner, why, data.classCount()));
        }
    }

    static void requireSomeClassWithTwo(String owner, LabelledData data) {
        for (int[] rows : data.allClasses()) {
            if (rows.length >= 2) {
                return;
            }
        }
        throw new IllegalArgumentException(owner + ": expected at least one class with 2 or more examples (a positive "
                + "partner is another example of the same class), got " + data.classCount() + " classes of one example each");
    }

    /** The classes that can fill K slots under the policy; at least P of them. */
    static int[][] classBalancedClasses(String owner, LabelledData data, int p, int k, SmallClasses policy) {
        int[][] classes = data.usableClasses(k, policy, "K = " + k, true);
        if (classes.length < p) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected at least P = %d classes with %d or more examples, got %d (of %d classes in the data)",
                    owner, p, k, classes.length, data.classCount()));
        }
        return classes;
    }
}
