package io.github.dl4jlosses.data;

import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/** {@link EpochBatchIterator} as a {@link MultiDataSetIterator}: the parts its multi-input samplers share. */
abstract class EpochMultiDataSetIterator extends EpochBatchIterator<MultiDataSet, MultiDataSetPreProcessor>
        implements MultiDataSetIterator {
    private static final long serialVersionUID = 1L;

    EpochMultiDataSetIterator(LabelledData data, EpochPlan plan) {
        super(data, plan);
    }

    @Override
    final void preProcess(MultiDataSetPreProcessor preProcessor, MultiDataSet batch) {
        preProcessor.preProcess(batch);
    }

    /** Batch sizes are fixed by the builder; this is always an UnsupportedOperationException. */
    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + ": the batch size is set by the builder, next("
                + num + ") is not supported");
    }
}
