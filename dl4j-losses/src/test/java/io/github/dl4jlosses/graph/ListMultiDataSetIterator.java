package io.github.dl4jlosses.graph;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.ArrayList;
import java.util.List;

/** A resettable iterator over a fixed list of mini-batches (test helper). */
final class ListMultiDataSetIterator implements MultiDataSetIterator {
    private final List<MultiDataSet> batches;
    private int next;
    private MultiDataSetPreProcessor preProcessor;

    ListMultiDataSetIterator(List<? extends MultiDataSet> batches) {
        this.batches = new ArrayList<>(batches);
    }

    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("fixed mini-batches");
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
        return true;
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
