package io.github.dl4jlosses.spark;

import org.apache.spark.api.java.function.Function;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs on the executors over every RDD element before DL4J batches it: an element whose example count is not the
 * configured batch size is a {@link BatchSizeMismatchException}, which the driver rethrows as itself.
 */
final class BatchSizeCheck {
    private BatchSizeCheck() {
    }

    static final class OfDataSet implements Function<DataSet, DataSet> {
        private static final long serialVersionUID = 1L;
        private final int batchSize;
        private final String shape;

        OfDataSet(int batchSize, String shape) {
            this.batchSize = batchSize;
            this.shape = shape;
        }

        @Override
        public DataSet call(DataSet ds) {
            check(ds.getFeatures() == null ? -1 : ds.getFeatures().size(0), batchSize, shape);
            return ds;
        }
    }

    static final class OfMultiDataSet implements Function<MultiDataSet, MultiDataSet> {
        private static final long serialVersionUID = 1L;
        private final int batchSize;
        private final String shape;

        OfMultiDataSet(int batchSize, String shape) {
            this.batchSize = batchSize;
            this.shape = shape;
        }

        @Override
        public MultiDataSet call(MultiDataSet mds) {
            check(mds.numFeatureArrays() == 0 ? -1 : mds.getFeatures(0).size(0), batchSize, shape);
            return mds;
        }
    }

    static void check(long examples, int batchSize, String shape) {
        if (examples != batchSize) {
            throw new BatchSizeMismatchException(message(examples, batchSize, shape));
        }
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
