package io.github.dl4jlosses.spark;

import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A {@link SparkComputationGraph} trained by parameter averaging whose {@code fit} methods hold every RDD element
 * to the configured batch size (see {@link SparkTraining}); made by {@link SparkTraining#parameterAveraging}.
 * {@link #close()} deletes what DL4J exported for training (it keeps the export of the last RDD between epochs).
 * The path-based {@code fit(String)}/{@code fitPaths} methods are DL4J's own: their files are not checked.
 */
public class ParameterAveragingGraph extends SparkComputationGraph implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParameterAveragingGraph.class);

    private final int batchSize;
    private final String batchShape;
    private final Path temporaryExport;
    /** The last input RDD and its checked view, so DL4J's export of it is reused across epochs. */
    private transient JavaRDD<?> lastInput;
    private transient JavaRDD<?> lastChecked;

    ParameterAveragingGraph(JavaSparkContext sc, ComputationGraph network, TrainingMaster<?, ?> trainingMaster,
                            int batchSize, String batchShape, Path temporaryExport) {
        super(sc, network, trainingMaster);
        this.batchSize = batchSize;
        this.batchShape = batchShape;
        this.temporaryExport = temporaryExport;
    }

    /** Examples per RDD element and per worker minibatch. */
    public int batchSize() {
        return batchSize;
    }

    @Override
    public ComputationGraph fit(RDD<DataSet> rdd) {
        return fit(rdd.toJavaRDD());
    }

    /**
     * One epoch over {@code rdd}, each element one batch of {@link #batchSize()} examples.
     *
     * @throws IllegalArgumentException when an element holds another number of examples
     */
    @Override
    public ComputationGraph fit(JavaRDD<DataSet> rdd) {
        return fitChecked(rdd, super::fit);
    }

    @Override
    public ComputationGraph fitMultiDataSet(RDD<MultiDataSet> rdd) {
        return fitMultiDataSet(rdd.toJavaRDD());
    }

    /**
     * One epoch over {@code rdd}, each element one batch of {@link #batchSize()} examples.
     *
     * @throws IllegalArgumentException when an element holds another number of examples
     */
    @Override
    public ComputationGraph fitMultiDataSet(JavaRDD<MultiDataSet> rdd) {
        return fitChecked(rdd, super::fitMultiDataSet);
    }

    private <T> ComputationGraph fitChecked(JavaRDD<T> rdd, Function<JavaRDD<T>, ComputationGraph> fit) {
        JavaRDD<T> checked = checked(rdd);
        try {
            return fit.apply(checked);
        } catch (Exception e) { // Spark's checked SparkException comes through Scala undeclared
            throw rethrown(e);
        }
    }

    /** {@code rdd} with every element's size checked; the same RDD for the same input, so DL4J reuses its export. */
    @SuppressWarnings("unchecked")
    private synchronized <T> JavaRDD<T> checked(JavaRDD<T> rdd) {
        if (rdd != lastInput) {
            lastInput = rdd;
            lastChecked = rdd.map(new BatchSizeCheck<T>(batchSize, batchShape));
        }
        return (JavaRDD<T>) lastChecked;
    }

    /**
     * A wrong element size found on an executor comes back inside a SparkException: it becomes an
     * IllegalArgumentException with the check's message; anything else is rethrown as it is.
     */
    private static RuntimeException rethrown(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BatchSizeCheck.BatchSizeMismatchException) {
                return new IllegalArgumentException(t.getMessage(), e);
            }
            if (t instanceof SparkException && t.getMessage() != null
                    && t.getMessage().contains(BatchSizeCheck.BatchSizeMismatchException.class.getName())) {
                String m = t.getMessage();
                int from = m.indexOf("SparkTraining: an RDD element");
                int to = from < 0 ? -1 : m.indexOf('\n', from);
                return new IllegalArgumentException(from < 0 ? m : m.substring(from, to < 0 ? m.length() : to), e);
            }
        }
        return ParameterAveragingGraph.<RuntimeException>sneaky(e);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Exception> T sneaky(Exception e) throws T {
        throw (T) e;
    }

    /** Deletes DL4J's exported batches and the temporary export directory made for local mode. */
    @Override
    public void close() {
        try {
            getTrainingMaster().deleteTempFiles(getSparkContext());
        } catch (RuntimeException e) {
            log.warn("Could not delete DL4J's exported training batches", e);
        }
        if (temporaryExport != null && Files.exists(temporaryExport)) {
            try (Stream<Path> paths = Files.walk(temporaryExport)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                log.warn("Could not delete the export directory {}", temporaryExport, e);
            }
        }
    }

    /** The directory DL4J exports batches to in local mode (null on a cluster or with a given directory). */
    Path temporaryExportDirectory() {
        return temporaryExport;
    }
}
