package io.github.dl4jlosses.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The options every iterator builder of this package shares: the labelled examples, the seed and
 * what to do with classes too small for a batch. Self-typed, so the shared setters return the
 * concrete builder and chain on into its own options.
 *
 * @param <B> the concrete builder
 */
abstract class SamplingBuilder<B extends SamplingBuilder<B>> {
    private final LabelledSource source = new LabelledSource();
    long seed;
    /**
     * Only the builders that can repeat examples offer a public {@code withReplacement}; the
     * pair-batch builder cannot (a repeated single example would be its own positive).
     */
    boolean withReplacement;
    boolean dropSmallClasses;

    SamplingBuilder() {
    }

    /** The labelled examples to sample from. */
    public B data(DataSet data) {
        source.set(data);
        return self();
    }

    /** The labelled examples to sample from; the iterator is reset (when it can be) and drained once. */
    public B data(DataSetIterator data) {
        source.set(data);
        return self();
    }

    /** The seed the batches of every epoch derive from (default 0): the same seed gives the same batches. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /**
     * Leave out the classes too small to fill their places in a batch instead of failing: those
     * with fewer than K examples for class-balanced batches, with a single example for pair batches.
     */
    public B dropSmallClasses(boolean dropSmallClasses) {
        this.dropSmallClasses = dropSmallClasses;
        return self();
    }

    /** The examples, loaded now; {@code owner} names the iterator in error messages. */
    final LabelledData loadData(String owner) {
        return source.load(owner);
    }

    /** The small-class policy the two switches ask for; both on is an error. */
    final SmallClasses smallClasses(String owner) {
        return SmallClasses.of(owner, withReplacement, dropSmallClasses);
    }

    /** Safe: every subclass is declared as {@code X extends SamplingBuilder<X>}. */
    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }
}
