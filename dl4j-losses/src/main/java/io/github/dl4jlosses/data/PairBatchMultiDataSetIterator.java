package io.github.dl4jlosses.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

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
public class PairBatchMultiDataSetIterator extends EpochMultiDataSetIterator {
    private static final long serialVersionUID = 1L;
    static final String NAME = "PairBatchMultiDataSetIterator";

    /** Pairs (rows) per batch. */
    private final int pairs;

    PairBatchMultiDataSetIterator(PairBatchSampler sampler) {
        super(sampler.data, sampler.plan);
        this.pairs = sampler.pairs;
    }

    @Override
    MultiDataSet batchOf(int[][] groups) {
        int[][] rows = PairBatchSampler.anchorsAndPositives(groups);
        INDArray[] features = {data.gather(rows[0]), data.gather(rows[1])};
        return new MultiDataSet(features, new INDArray[]{data.classIdColumn(rows[0])});
    }

    /** Only the configured N is possible; any other is an UnsupportedOperationException. */
    @Override
    public MultiDataSet next(int num) {
        if (num != pairs) {
            throw new UnsupportedOperationException(NAME + ": batches always hold N = " + pairs + " pairs, got a request for " + num);
        }
        return next();
    }

    /** N, the pairs per batch. */
    public int batch() {
        return pairs;
    }
}
