package io.github.dl4jlosses.data;

/**
 * The options of the pair and triplet builders beyond {@link SamplingBuilder}'s: their two batch
 * modes (random batches of lefts or anchors with partners from the whole data, or class-balanced
 * P×K batches with partners from the same batch) and repeating the examples of small classes,
 * which only the class-balanced mode needs.
 *
 * @param <B> the concrete builder
 */
abstract class BatchModeBuilder<B extends BatchModeBuilder<B>> extends SamplingBuilder<B> {
    int batchSize = 32;
    int p;
    int k;
    boolean classBalanced;

    BatchModeBuilder() {
    }

    /** Random batches of B lefts (pairs) or anchors (triplets), partners from the whole data (the default mode, B = 32). */
    public B randomBatches(int batchSize) {
        this.classBalanced = false;
        this.batchSize = batchSize;
        return self();
    }

    /** P×K batches of lefts or anchors (P ≥ 2 classes, K ≥ 2 each), partners from the same batch: B = P·K. */
    public B classBalancedBatches(int classesPerBatch, int examplesPerClass) {
        this.classBalanced = true;
        this.p = classesPerBatch;
        this.k = examplesPerClass;
        return self();
    }

    /** Class-balanced mode: a class with fewer than K examples repeats its examples. */
    public B withReplacement(boolean withReplacement) {
        this.withReplacement = withReplacement;
        return self();
    }

    /**
     * Checks the small-class switches, then the chosen mode's sizes, and returns the small-class
     * policy. The order decides which message a builder with several mistakes gets; keep it.
     */
    final SmallClasses checkedSettings(String owner) {
        SmallClasses policy = smallClasses(owner);
        if (classBalanced) {
            BatchModes.requireClassBalanced(owner, p, k);
        } else {
            BatchModes.requireBatchSize(owner, batchSize);
        }
        return policy;
    }
}
