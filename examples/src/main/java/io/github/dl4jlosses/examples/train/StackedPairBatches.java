package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.data.PairBatchMultiDataSetIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Bigger pair batches for the in-batch-negative losses (InfoNCE, N-pair, generalized triplet): {@code groups}
 * consecutive batches of the library's {@link PairBatchMultiDataSetIterator} (each N {@code [anchor | positive]}
 * pairs of N distinct classes) stacked into one batch of {@code groups·N} pairs. Its labels are the pairs'
 * {@code [rows, 1]} class ids, so the losses leave same-class rows out of each other's negatives and every
 * negative is still of another class.
 * <p>
 * Why: a pair batch of distinct classes holds at most as many pairs as there are classes (5 on the bundled
 * split), 10 images a batch, and an epoch of such batches is hundreds of tiny steps. With {@code groups = K/2}
 * a batch holds P×K images, as a P×K batch of the mined losses does, and an epoch has about as many steps.
 * {@code groups = 1} is the library's iterator unchanged. The epoch is the inner iterator's (every example in
 * at least one pair); its last batch may hold fewer groups.
 */
public final class StackedPairBatches implements MultiDataSetIterator {
    private static final long serialVersionUID = 1L;

    private final PairBatchMultiDataSetIterator inner;
    private final int groups;
    private MultiDataSetPreProcessor preProcessor;

    public StackedPairBatches(PairBatchMultiDataSetIterator inner, int groups) {
        if (groups < 1) throw new IllegalArgumentException("expected groups >= 1, got " + groups);
        this.inner = inner;
        this.groups = groups;
    }

    /** Pairs of distinct classes in each stacked group (N, the inner iterator's batch). */
    public int pairsPerGroup() {
        return inner.batch();
    }

    /** Groups stacked into one batch. */
    public int groups() {
        return groups;
    }

    @Override
    public MultiDataSet next() {
        if (!inner.hasNext()) throw new NoSuchElementException("StackedPairBatches: no batch left in this epoch");
        List<MultiDataSet> parts = new ArrayList<>(groups);
        while (parts.size() < groups && inner.hasNext()) parts.add(inner.next());
        MultiDataSet batch = parts.size() == 1 ? parts.get(0) : stack(parts);
        if (preProcessor != null) preProcessor.preProcess(batch);
        return batch;
    }

    private static MultiDataSet stack(List<MultiDataSet> parts) {
        int inputs = parts.get(0).numFeatureArrays();
        INDArray[] features = new INDArray[inputs];
        for (int i = 0; i < inputs; i++) {
            INDArray[] rows = new INDArray[parts.size()];
            for (int p = 0; p < rows.length; p++) rows[p] = parts.get(p).getFeatures(i);
            features[i] = Nd4j.vstack(rows);
        }
        INDArray[] labels = new INDArray[parts.size()];
        for (int p = 0; p < labels.length; p++) labels[p] = parts.get(p).getLabels(0);
        return new org.nd4j.linalg.dataset.MultiDataSet(features, new INDArray[]{Nd4j.vstack(labels)});
    }

    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("StackedPairBatches: batches hold up to " + groups + " groups of "
                + inner.batch() + " pairs; next(int) is not supported");
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
        return inner.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        inner.reset();
    }

    @Override
    public boolean hasNext() {
        return inner.hasNext();
    }
}
