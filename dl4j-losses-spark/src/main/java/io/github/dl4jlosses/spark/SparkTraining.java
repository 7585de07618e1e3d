package io.github.dl4jlosses.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Trains the library's graphs (any {@link ComputationGraphConfiguration}: {@code SiameseGraph},
 * {@code TripletGraph}, {@code KochSiameseGraph}, {@code SingleInputGraph}, ...) on Apache Spark with DL4J's
 * parameter averaging.
 *
 * <pre>
 * JavaSparkContext sc = new JavaSparkContext(SparkTraining.sparkConf(master, "app"));
 * ParameterAveragingGraph net = SparkTraining.parameterAveraging(conf, sc).pkBatches(4, 8).averagingFrequency(4).build();
 * net.fit(rddOfPKBatches);     // JavaRDD&lt;DataSet&gt;: every element one P×K batch of 32 examples
 * ComputationGraph trained = net.getNetwork();
 * </pre>
 *
 * <b>Batches.</b> Batch-mined losses ({@code LossBatchTriplet}, {@code LossMultiSimilarity}, the pair-batch
 * losses) need whole P×K batches. Parameter averaging re-batches the RDD's elements into minibatches of
 * {@code batchSizePerWorker} examples on each worker and counts examples with the element size it is told, so the
 * three must agree: here one number, the batch size B (= P·K), is the RDD element size, DL4J's
 * {@code rddDataSetNumExamples} and {@code batchSizePerWorker}. Repartitioning moves whole elements, so every
 * minibatch a worker fits is exactly one element, as the iterator (e.g. {@code PKBatchIterator}) made it. An
 * element of another size is an {@link IllegalArgumentException} from {@code fit} that names both sizes.
 *
 * <b>Java 17.</b> Spark 3.1 and Kryo reach into JDK internals: the JVMs need {@link #JAVA_OPTIONS}. The driver
 * gets them on its command line ({@code java ... -cp ...}, {@code spark-submit --driver-java-options}, the surefire
 * {@code argLine}); {@link #sparkConf} checks the driver before Spark's classes load and, like {@link #configure},
 * adds them to the executors' options.
 */
public final class SparkTraining {
    /**
     * What Spark 3.1.2 (direct buffers, {@code sun.nio.ch}) and Kryo (reflection on {@code java.lang}, {@code java.util},
     * ...) need on Java 17; Java 11 accepts them too. The same list Spark 3.3 and later set by themselves.
     */
    public static final List<String> JAVA_OPTIONS = Collections.unmodifiableList(Arrays.asList(
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED"));

    /**
     * The Kryo registrators: ND4J's for its arrays (DL4J refuses Kryo without it), then
     * {@link ConfigurationKryoRegistrator} for network configurations (as JSON).
     */
    static final String KRYO_REGISTRATORS = "org.nd4j.kryo.Nd4jRegistrator,"
            + ConfigurationKryoRegistrator.class.getName();

    private SparkTraining() {
    }

    /** {@link #JAVA_OPTIONS} as one command-line string. */
    public static String javaOptions() {
        return String.join(" ", JAVA_OPTIONS);
    }

    /**
     * A Spark configuration for DL4J: checks this JVM first (on Java 17 without {@link #JAVA_OPTIONS}, Spark 3.1's
     * configuration classes cannot even initialize: {@code new SparkConf().setMaster(..)} fails with an
     * {@code ExceptionInInitializerError}), then {@link #configure}s a {@code SparkConf} that has read the
     * {@code spark.*} system properties (as under {@code spark-submit}).
     *
     * @param master  the Spark master ({@code local[2]}, {@code local-cluster[2,1,1024]}, {@code spark://host:7077},
     *                ...), or null to keep the one {@code spark-submit} set
     * @param appName the application's name, or null to keep the one set (else "dl4j-losses")
     * @throws IllegalStateException    when this JVM lacks the Java options Spark needs on it
     * @throws IllegalArgumentException when no master is given or set
     */
    public static SparkConf sparkConf(String master, String appName) {
        checkJvm();
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        }
        if (appName != null) {
            conf.setAppName(appName);
        } else {
            conf.setIfMissing("spark.app.name", "dl4j-losses");
        }
        return configure(conf);
    }

    /**
     * Makes {@code conf} ready for DL4J, before the {@code SparkContext} is made from it: checks that a master is set
     * and that this JVM was started with {@link #JAVA_OPTIONS} where it needs them; appends them to
     * {@code spark.executor.extraJavaOptions} (where they are missing); chooses Kryo with ND4J's registrator and
     * {@link ConfigurationKryoRegistrator} unless a serializer is set.
     *
     * @return {@code conf}
     * @throws IllegalArgumentException when no master is set
     * @throws IllegalStateException when this JVM lacks the Java options Spark needs on it
     */
    public static SparkConf configure(SparkConf conf) {
        requireMaster(conf);
        checkJvm();
        String executorOptions = conf.get("spark.executor.extraJavaOptions", "").trim();
        StringBuilder options = new StringBuilder(executorOptions);
        for (String option : JAVA_OPTIONS) {
            if (!executorOptions.contains(option)) {
                options.append(options.length() == 0 ? "" : " ").append(option);
            }
        }
        conf.set("spark.executor.extraJavaOptions", options.toString());
        if (!conf.contains("spark.serializer")) {
            conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
            conf.set("spark.kryo.registrator", KRYO_REGISTRATORS);
        }
        return conf;
    }

    /**
     * Starts the configuration of parameter-averaging training of {@code conf} on {@code sc}; set the batch with
     * {@link Builder#pkBatches} or {@link Builder#batchSize}.
     */
    public static Builder parameterAveraging(ComputationGraphConfiguration conf, JavaSparkContext sc) {
        if (conf == null || sc == null) {
            throw new IllegalArgumentException("SparkTraining.parameterAveraging: the graph configuration and the "
                    + "Spark context are required, got " + (conf == null ? "no configuration" : "no Spark context"));
        }
        return new Builder(conf, sc);
    }

    /**
     * Every batch of {@code batches} (e.g. a {@code PKBatchIterator}, drained once) as one element of an RDD of
     * {@code numSlices} partitions: a convenience for data that fits the driver.
     */
    public static JavaRDD<DataSet> parallelize(JavaSparkContext sc, DataSetIterator batches, int numSlices) {
        List<DataSet> list = new ArrayList<>();
        while (batches.hasNext()) {
            list.add(batches.next());
        }
        return sc.parallelize(list, numSlices);
    }

    /** {@link #parallelize(JavaSparkContext, DataSetIterator, int)} for the multi-input graphs' iterators. */
    public static JavaRDD<MultiDataSet> parallelize(JavaSparkContext sc, MultiDataSetIterator batches, int numSlices) {
        List<MultiDataSet> list = new ArrayList<>();
        while (batches.hasNext()) {
            list.add(batches.next());
        }
        return sc.parallelize(list, numSlices);
    }

    /**
     * @throws IllegalStateException when this JVM runs Java 16 or newer (strong encapsulation of the JDK's
     *                               internals) without {@link #JAVA_OPTIONS}
     */
    public static void checkJvm() {
        Module base = Object.class.getModule();
        Module us = SparkTraining.class.getModule();
        int feature = Runtime.version().feature();
        boolean ok = base.isOpen("java.nio", us) && base.isExported("sun.nio.ch", us)
                && base.isOpen("java.util", us) && base.isOpen("java.lang.invoke", us);
        if (feature >= 16 && !ok) {
            throw new IllegalStateException("Spark 3.1 cannot run on Java " + feature + " without access to the JDK's "
                    + "internals: start this JVM with\n  " + javaOptions() + "\n(java command line, "
                    + "spark-submit --driver-java-options, or the surefire argLine); SparkTraining.configure(conf) "
                    + "adds them for the executors");
        }
    }

    /**
     * On a cluster (executors in JVMs of their own, started from {@code conf}): the executors run Java
     * {@code javaFeature} too, and from 16 on need {@link #JAVA_OPTIONS} in {@code spark.executor.extraJavaOptions}.
     */
    static void checkExecutorOptions(SparkConf conf, int javaFeature) {
        if (javaFeature < 16) {
            return;
        }
        String executorOptions = conf.get("spark.executor.extraJavaOptions", "");
        Set<String> missing = new LinkedHashSet<>();
        for (String option : Arrays.asList("--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")) {
            if (!executorOptions.contains(option)) {
                missing.add(option);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Spark master " + conf.get("spark.master", "?") + ": the executors run Java "
                    + javaFeature + " and need " + String.join(" ", missing) + " in spark.executor.extraJavaOptions: "
                    + "make the context from SparkTraining.configure(sparkConf), or set it to: " + javaOptions());
        }
    }

    static void requireMaster(SparkConf conf) {
        if (!conf.contains("spark.master") || conf.get("spark.master").trim().isEmpty()) {
            throw new IllegalArgumentException("no Spark master: set one with SparkConf.setMaster(\"local[2]\"), "
                    + "\"local-cluster[2,1,1024]\", \"spark://host:7077\", ..., or spark-submit --master");
        }
    }

    /**
     * {@code local}, {@code local[n]}, {@code local[*]}: one JVM, where DL4J allows its export approach on the local
     * file system (the same test as DL4J's {@code ExportSupport}; not {@code local-cluster}).
     */
    static boolean isLocal(String master) {
        return master.trim().matches("^local(\\[(\\d+|\\*)])?$");
    }

    /** Configures and builds a {@link ParameterAveragingGraph}. */
    public static final class Builder {
        private final ComputationGraphConfiguration conf;
        private final JavaSparkContext sc;
        private int batchSize;
        private String batchShape;
        private int averagingFrequency = 5;
        private int prefetch = 2;
        private String exportDirectory;
        private Long seed;
        private boolean collectTrainingStats;

        Builder(ComputationGraphConfiguration conf, JavaSparkContext sc) {
            this.conf = conf;
            this.sc = sc;
        }

        /**
         * P×K batches (P classes × K examples each): the RDD's elements must hold B = P·K examples, and every
         * worker minibatch is one of them.
         */
        public Builder pkBatches(int classesPerBatch, int examplesPerClass) {
            if (classesPerBatch < 2 || examplesPerClass < 2) {
                throw new IllegalArgumentException("SparkTraining: P×K batches need P ≥ 2 classes and K ≥ 2 examples "
                        + "per class (anchors need a positive and a negative), got P=" + classesPerBatch
                        + ", K=" + examplesPerClass);
            }
            this.batchSize = Math.multiplyExact(classesPerBatch, examplesPerClass);
            this.batchShape = "P×K = " + classesPerBatch + "×" + examplesPerClass + " = " + batchSize;
            return this;
        }

        /** Batches of B examples with no class structure to keep (pair and triplet graphs); elements of B examples. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("SparkTraining: batch size must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            this.batchShape = "B = " + batchSize;
            return this;
        }

        /** Minibatches each worker fits between two averagings of the parameters (default 5). */
        public Builder averagingFrequency(int averagingFrequency) {
            if (averagingFrequency < 1) {
                throw new IllegalArgumentException("SparkTraining: averaging frequency must be at least 1, got "
                        + averagingFrequency);
            }
            this.averagingFrequency = averagingFrequency;
            return this;
        }

        /** Minibatches each worker loads ahead asynchronously (default 2; 0 = none). */
        public Builder workerPrefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("SparkTraining: worker prefetch must be ≥ 0, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        /**
         * Train through DL4J's export approach, batches written under this directory, which every executor must
         * see (HDFS, S3, a shared mount). Without it, the export approach is used in local mode only (into a
         * temporary directory), and the direct approach (batches stay in the RDD) on a cluster.
         */
        public Builder exportDirectory(String directory) {
            this.exportDirectory = directory;
            return this;
        }

        /** Seed of DL4J's repartitioning and splitting (default: DL4J's own). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Collect DL4J's Spark timing statistics ({@code getSparkTrainingStats()}). */
        public Builder collectTrainingStats(boolean collect) {
            this.collectTrainingStats = collect;
            return this;
        }

        /**
         * @throws IllegalArgumentException without a batch size or Spark master
         * @throws IllegalStateException    when the driver or, on a cluster, the executors lack the Java options
         */
        public ParameterAveragingGraph build() {
            if (batchSize == 0) {
                throw new IllegalArgumentException("SparkTraining: set the batch: pkBatches(P, K) for batch-mined "
                        + "losses, batchSize(B) for pair and triplet graphs");
            }
            SparkConf sparkConf = sc.getConf();
            requireMaster(sparkConf);
            checkJvm();
            String master = sparkConf.get("spark.master");
            boolean local = isLocal(master);
            if (!local) {
                checkExecutorOptions(sparkConf, Runtime.version().feature());
            }

            ParameterAveragingTrainingMaster.Builder tm = new ParameterAveragingTrainingMaster.Builder(batchSize)
                    .batchSizePerWorker(batchSize)
                    .averagingFrequency(averagingFrequency)
                    .workerPrefetchNumBatches(prefetch)
                    .repartionData(Repartition.Always)
                    .repartitionStrategy(RepartitionStrategy.Balanced)
                    .collectTrainingStats(collectTrainingStats);
            if (seed != null) {
                tm.rngSeed(seed);
            }
            Path temporaryExport = null;
            if (exportDirectory != null) {
                tm.rddTrainingApproach(RDDTrainingApproach.Export).exportDirectory(exportDirectory);
            } else if (local) {
                try {
                    temporaryExport = Files.createTempDirectory("dl4j-losses-spark-export");
                } catch (IOException e) {
                    throw new UncheckedIOException("SparkTraining: cannot make a temporary export directory", e);
                }
                tm.rddTrainingApproach(RDDTrainingApproach.Export).exportDirectory(temporaryExport.toUri().toString());
            } else {
                tm.rddTrainingApproach(RDDTrainingApproach.Direct);
            }
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            return new ParameterAveragingGraph(sc, net, tm.build(), batchSize, batchShape, temporaryExport);
        }
    }
}
