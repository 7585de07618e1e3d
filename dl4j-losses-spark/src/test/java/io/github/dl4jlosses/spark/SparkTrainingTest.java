package io.github.dl4jlosses.spark;

import io.github.dl4jlosses.graph.SingleInputGraph;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import org.apache.spark.SparkConf;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input and the Java 17 options, without a Spark cluster. */
class SparkTrainingTest {
    @Test
    void aMissingMasterIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkTraining.configure(new SparkConf(false).setAppName("x")));
        assertTrue(e.getMessage().startsWith("no Spark master: set one with SparkConf.setMaster(\"local[2]\")"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparkTraining.sparkConf(null, "x"));
        assertTrue(e.getMessage().startsWith("no Spark master: set one with SparkConf.setMaster(\"local[2]\")"),
                e.getMessage());
    }

    @Test
    void pkBatchesNeedTwoClassesOfTwo() {
        ComputationGraphConfiguration conf = SingleInputGraph.builder().tower(LocalClusterTrainingTest.tower())
                .loss(LossBatchTriplet.builder().build()).build();
        SparkTraining.Builder builder = new SparkTraining.Builder(conf, null); // the checks come before the context
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.pkBatches(1, 8));
        assertEquals("SparkTraining: P×K batches need P ≥ 2 classes and K ≥ 2 examples per class (anchors need a "
                + "positive and a negative), got P=1, K=8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("SparkTraining: set the batch: pkBatches(P, K) for batch-mined losses, batchSize(B) for pair "
                + "and triplet graphs", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> builder.batchSize(0));
        assertEquals("SparkTraining: batch size must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> builder.averagingFrequency(0));
        assertEquals("SparkTraining: averaging frequency must be at least 1, got 0", e.getMessage());
    }

    @Test
    void executorsOnAClusterNeedTheOptions() {
        SparkConf conf = new SparkConf(false).setMaster("spark://cluster:7077");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SparkTraining.checkExecutorOptions(conf, 17));
        assertTrue(e.getMessage().startsWith("Spark master spark://cluster:7077: the executors run Java 17 and need "
                + "--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED in "
                + "spark.executor.extraJavaOptions: make the context from SparkTraining.configure(sparkConf)"),
                e.getMessage());
        SparkTraining.checkExecutorOptions(conf, 11); // Java 11 needs none
        SparkTraining.checkExecutorOptions(SparkTraining.configure(conf), 17);
        assertTrue(conf.get("spark.executor.extraJavaOptions").contains(SparkTraining.javaOptions()));
        assertEquals("org.apache.spark.serializer.KryoSerializer", conf.get("spark.serializer"));
        assertEquals("org.nd4j.kryo.Nd4jRegistrator,io.github.dl4jlosses.spark.ConfigurationKryoRegistrator",
                conf.get("spark.kryo.registrator"));
    }

    @Test
    void localMastersAreThoseWhereDl4jExportsToTheLocalFileSystem() {
        assertTrue(SparkTraining.isLocal("local"));
        assertTrue(SparkTraining.isLocal("local[2]"));
        assertTrue(SparkTraining.isLocal("local[*]"));
        assertFalse(SparkTraining.isLocal("local[2,3]"));
        assertFalse(SparkTraining.isLocal("local-cluster[2,1,1024]"));
        assertFalse(SparkTraining.isLocal("spark://host:7077"));
        assertTrue(LocalCluster.isLocalCluster("local-cluster[2,1,1024]"));
    }

    /** The module's surefire argLine carries every option SparkTraining documents (the pom keeps a copy). */
    @Test
    void thisJvmHasTheOptions() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : SparkTraining.JAVA_OPTIONS) {
            assertTrue(arguments.contains(option), "the surefire argLine lacks " + option);
        }
        SparkTraining.checkJvm();
    }

    /**
     * A JVM started without the options: Spark 3.1.2 cannot even make a SparkConf on Java 17 (its Platform class
     * fails to initialize: java.nio is not open), SparkTraining.sparkConf says what to add first.
     */
    @Test
    void withoutTheOptionsJava17IsAClearError() throws Exception {
        String out = runWithoutOptions("configure");
        assertTrue(out.startsWith("java.lang.IllegalStateException: Spark 3.1 cannot run on Java "), out);
        assertTrue(out.contains(SparkTraining.javaOptions()), out);
        if (Runtime.version().feature() >= 17) {
            String spark = runWithoutOptions("spark");
            assertTrue(spark.startsWith("java.lang.ExceptionInInitializerError"), spark);
        }
    }

    private static String runWithoutOptions(String what) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("-Xmx256m");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=off");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WithoutOptions.class.getName());
        command.add(what);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int at = out.indexOf("RESULT ");
        assertTrue(at >= 0, out);
        return out.substring(at + "RESULT ".length()).trim();
    }

    /** Run in a JVM without the options: tries {@code configure} or a bare Spark context, prints what it threw. */
    public static final class WithoutOptions {
        public static void main(String[] args) {
            try {
                if (args[0].equals("configure")) {
                    SparkTraining.sparkConf("local[1]", "without-options");
                } else {
                    new SparkConf(false).setMaster("local[1]");
                }
                System.out.println("RESULT ok");
            } catch (Throwable t) {
                System.out.println("RESULT " + t);
            }
            System.exit(0);
        }
    }
}
