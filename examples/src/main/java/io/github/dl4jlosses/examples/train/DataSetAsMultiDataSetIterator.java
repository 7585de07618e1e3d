package io.github.dl4jlosses.examples.train;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/** Presents a {@link DataSetIterator} as a {@link MultiDataSetIterator}, so every loss trains through one loop. */
final class DataSetAsMultiDataSetIterator implements MultiDataSetIterator {
    private final DataSetIterator source;
    private MultiDataSetPreProcessor preProcessor;

    DataSetAsMultiDataSetIterator(DataSetIterator source) {
        this.source = source;
    }

    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("batch size is fixed by the P×K iterator");
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public boolean resetSupported() {
        return source.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        source.reset();
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public MultiDataSet next() {
        MultiDataSet mds = source.next().toMultiDataSet();
        if (preProcessor != null) preProcessor.preProcess(mds);
        return mds;
    }
}
