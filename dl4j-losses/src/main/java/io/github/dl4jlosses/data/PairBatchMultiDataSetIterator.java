package io.github.dl4jlosses.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * The two-input form of {@link PairBatchIterator}, for features of any shape and for graphs that
 * embed anchors and positives with one shared tower: features {@code {anchors [N, ...],
 * positives [N, ...]}} (input 0, input 1), each row's anchor and positive of one class and every
 * row of a different class; labels {@code {[N, 1] class ids}}. A graph that stacks both inputs
 * through the tower and merges the two embeddings hands the pair-batch loss its
 * {@code [N, 2D] = [anchor | positive]}.
 * <p>
 * Built with {@link PairBatchIterator.Builder#buildMultiDataSetIterator()}; epochs, seeding and
 * small-class handling are those of {@link PairBatchIterator}.
 */
public class PairBatchMultiDataSetIterator implements MultiDataSetIterator {
    private static final long serialVersionUID = 1L;
    static final String NAME = "PairBatchMultiDataSetIterator";

    private final PairBatchSampler sampler;
    private MultiDataSetPreProcessor preProcessor;

    PairBatchMultiDataSetIterator(PairBatchSampler sampler) {
        this.sampler = sampler;
    }

    @Override
    public boolean hasNext() {
        return sampler.plan.hasNext();
    }

    @Override
    public MultiDataSet next() {
        int[][] rows = sampler.nextRows();
        INDArray[] features = {sampler.data.gather(rows[0]), sampler.data.gather(rows[1])};
        MultiDataSet mds = new MultiDataSet(features, new INDArray[]{sampler.data.classIdColumn(rows[0])});
        if (preProcessor != null) {
            preProcessor.preProcess(mds);
        }
        return mds;
    }

    /** Only the configured N is possible; any other is an UnsupportedOperationException. */
    @Override
    public MultiDataSet next(int num) {
        if (num != sampler.pairs) {
            throw new UnsupportedOperationException(NAME + ": batches always hold N = " + sampler.pairs + " pairs, got a request for " + num);
        }
        return next();
    }

    /** Starts the next epoch (a reset before the first batch of an epoch keeps that epoch). */
    @Override
    public void reset() {
        sampler.plan.reset();
    }

    /** Moves to the start of {@code epoch} (0 is the first). */
    public void setEpoch(int epoch) {
        sampler.plan.setEpoch(epoch);
    }

    public int epoch() {
        return sampler.plan.epoch();
    }

    public int batchesPerEpoch() {
        return sampler.plan.batchCount();
    }

    /** N, the pairs per batch. */
    public int batch() {
        return sampler.pairs;
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
}
