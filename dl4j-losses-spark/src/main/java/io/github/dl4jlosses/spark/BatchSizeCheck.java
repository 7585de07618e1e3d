package io.github.dl4jlosses.spark;

import org.apache.spark.api.java.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs on the executors over every RDD element ({@link DataSet} or {@link MultiDataSet}) before DL4J batches it: an
 * element whose example count is not the configured batch size is a {@link BatchSizeMismatchException}, which the
 * driver rethrows as an {@link IllegalArgumentException} with the same message.
 */
final class BatchSizeCheck<T> implements Function<T, T> {
    private static final long serialVersionUID = 1L;
    private final int batchSize;
    private final String shape;

    BatchSizeCheck(int batchSize, String shape) {
        this.batchSize = batchSize;
        this.shape = shape;
    }

    @Override
    public T call(T element) {
        long examples = examples(element);
        if (examples != batchSize) {
            throw new BatchSizeMismatchException(message(examples, batchSize, shape));
        }
        return element;
    }

    /** Rows of the (first) features array, -1 when there is none. */
    static long examples(Object element) {
        INDArray features;
        if (element instanceof DataSet) {
            features = ((DataSet) element).getFeatures();
        } else {
            MultiDataSet mds = (MultiDataSet) element;
            features = mds.numFeatureArrays() == 0 ? null : mds.getFeatures(0);
        }
        return features == null ? -1 : features.size(0);
    }

    static String message(long examples, int batchSize, String shape) {
        return "SparkTraining: an RDD element holds " + examples + " examples, but training was configured for "
                + "batches of " + shape + " (the RDD element size, DL4J's rddDataSetNumExamples and "
                + "batchSizePerWorker must all be that): make every element one batch of " + batchSize
                + " examples (e.g. one PKBatchIterator batch, SparkTraining.parallelize), or configure the batch "
                + "the elements have";
    }

    /** A wrongly sized RDD element; an {@link IllegalArgumentException} that survives Spark's task serialization. */
    static final class BatchSizeMismatchException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BatchSizeMismatchException(String message) {
            super(message);
        }
    }
}
