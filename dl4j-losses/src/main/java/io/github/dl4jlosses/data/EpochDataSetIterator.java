package io.github.dl4jlosses.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;

/** {@link EpochBatchIterator} as a {@link DataSetIterator}: the parts its single-input samplers share. */
abstract class EpochDataSetIterator extends EpochBatchIterator<DataSet, DataSetPreProcessor> implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    EpochDataSetIterator(LabelledData data, EpochPlan plan) {
        super(data, plan);
    }

    @Override
    final void preProcess(DataSetPreProcessor preProcessor, DataSet batch) {
        preProcessor.preProcess(batch);
    }

    /** Width of one-hot labels: the source's label width, or the largest class id + 1. */
    @Override
    public int totalOutcomes() {
        return data.labelWidth();
    }

    /** The source's label names, or null when it had none. */
    @Override
    public List<String> getLabels() {
        return data.labelNames();
    }
}
