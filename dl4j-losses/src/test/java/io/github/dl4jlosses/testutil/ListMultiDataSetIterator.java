package io.github.dl4jlosses.testutil;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.List;

/** A resettable iterator over a fixed list of batches (DL4J has none for MultiDataSets). */
public final class ListMultiDataSetIterator implements MultiDataSetIterator {
    private final List<? extends MultiDataSet> batches;
    private int next;
    private MultiDataSetPreProcessor preProcessor;

    public ListMultiDataSetIterator(List<? extends MultiDataSet> batches) {
        this.batches = batches;
    }

    @Override
    public MultiDataSet next(int num) {
        return next();
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
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        next = 0;
    }

    @Override
    public boolean hasNext() {
        return next < batches.size();
    }

    @Override
    public MultiDataSet next() {
        MultiDataSet m = batches.get(next++);
        if (preProcessor != null) {
            preProcessor.preProcess(m);
        }
        return m;
    }
}
