package io.github.dl4jlosses.data;

/**
 * The options of the pair and triplet builders beyond {@link SamplingBuilder}'s: their two batch
 * modes, random batches of B leading examples (lefts, anchors) with partners from the whole data,
 * or class-balanced P×K batches with partners from the same batch, and repetition of small
 * classes, which only the class-balanced mode needs.
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

    /** Random leading examples, partners from the whole data, B tuples per batch (the default mode, B = 32). */
    public B randomBatches(int batchSize) {
        this.classBalanced = false;
        this.batchSize = batchSize;
        return self();
    }

    /** P×K batches of leading examples (P ≥ 2 classes, K ≥ 2 each), partners from the same batch: B = P·K tuples. */
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
     * The small-class policy, after checking it and the chosen mode's sizes (in that order, so
     * the first misconfiguration reported stays the same whichever else is wrong).
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
