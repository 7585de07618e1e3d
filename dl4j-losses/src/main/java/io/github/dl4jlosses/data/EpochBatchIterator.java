package io.github.dl4jlosses.data;

import java.io.Serializable;

/**
 * The iterator plumbing every sampler of this package shares: batches are the row tables of an
 * {@link EpochPlan}, turned into arrays by the subclass and handed to the optional pre-processor;
 * reset, epochs and the DL4J capability flags are the same for all of them.
 * <p>
 * Subclasses implement {@code DataSetIterator} or {@code MultiDataSetIterator}; the public methods
 * here fulfil the parts of those interfaces that do not depend on the batch type.
 *
 * @param <T> the batch, {@code DataSet} or {@code MultiDataSet}
 * @param <P> its pre-processor type (DL4J gives the two pre-processors no common interface)
 */
abstract class EpochBatchIterator<T, P> implements Serializable {
    private static final long serialVersionUID = 1L;

    final LabelledData data;
    private final EpochPlan plan;
    private P preProcessor;

    EpochBatchIterator(LabelledData data, EpochPlan plan) {
        this.data = data;
        this.plan = plan;
    }

    /** The arrays of one planned batch, before pre-processing. */
    abstract T batchOf(int[][] rows);

    /** Calls the pre-processor, whose method differs between the DataSet and MultiDataSet kinds. */
    abstract void preProcess(P preProcessor, T batch);

    /** Whether the current epoch has another batch. */
    public boolean hasNext() {
        return plan.hasNext();
    }

    /** The next batch of the current epoch, pre-processed when a pre-processor is set. */
    public T next() {
        T batch = batchOf(plan.next());
        if (preProcessor != null) {
            preProcess(preProcessor, batch);
        }
        return batch;
    }

    /** Starts the next epoch (a reset before the first batch of an epoch keeps that epoch). */
    public void reset() {
        plan.reset();
    }

    /** Moves to the start of {@code epoch} (0 is the first), to replay an epoch or resume training. */
    public void setEpoch(int epoch) {
        plan.setEpoch(epoch);
    }

    /** The current epoch, 0 for the first. */
    public int epoch() {
        return plan.epoch();
    }

    /** Batches in the current epoch. */
    public int batchesPerEpoch() {
        return plan.batchCount();
    }

    /** Always true: {@link #reset()} starts the next epoch. */
    public boolean resetSupported() {
        return true;
    }

    /** In memory already; DL4J's prefetching thread would add nothing but nondeterminism. */
    public boolean asyncSupported() {
        return false;
    }

    /** Applied to every batch {@link #next()} returns; null for none. */
    public void setPreProcessor(P preProcessor) {
        this.preProcessor = preProcessor;
    }

    /** The pre-processor, or null. */
    public P getPreProcessor() {
        return preProcessor;
    }
}
