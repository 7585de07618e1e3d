package io.github.dl4jlosses.spark;

import org.apache.spark.SparkConf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Spark's {@code local-cluster[workers,coresPerWorker,memoryMiB]} master: a standalone master and workers inside
 * this JVM that launch <em>real executor JVMs</em>, so configurations, losses and batches cross JVM boundaries
 * (Java and Kryo serialization) as on a cluster. It is Spark's own test mode and expects a Spark build directory;
 * {@link #prepare} stands in for one so that it runs from a plain classpath (Maven tests, {@code java -cp}).
 */
public final class LocalCluster {
    private static Path sparkHome;

    private LocalCluster() {
    }

    /** Whether {@code master} is a {@code local-cluster[...]} master. */
    public static boolean isLocalCluster(String master) {
        return master != null && master.trim().startsWith("local-cluster[");
    }

    /**
     * For a {@code local-cluster} master: sets this JVM's {@code spark.testing} and {@code spark.test.home} (a
     * stand-in Spark home with an empty {@code jars/} directory; with {@code spark.testing} Spark gives the executors
     * this JVM's class path) and one OpenMP thread per executor. Any other master: {@code conf} unchanged.
     *
     * @return {@code conf}
     */
    public static SparkConf prepare(SparkConf conf) {
        if (!isLocalCluster(conf.get("spark.master", null))) {
            return conf;
        }
        synchronized (LocalCluster.class) {
            if (sparkHome == null) {
                try {
                    Path home = Files.createTempDirectory("dl4j-losses-spark-home");
                    Files.createDirectories(home.resolve("jars"));
                    // Spark's launcher reads the Scala version from the build tree when SPARK_SCALA_VERSION is unset
                    Files.createDirectories(home.resolve("launcher/target/scala-2.12"));
                    // the workers keep the executors' logs under work/: all of it goes when this JVM exits
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home), "LocalCluster-cleanup"));
                    sparkHome = home;
                } catch (IOException e) {
                    throw new UncheckedIOException("LocalCluster: cannot make a stand-in Spark home", e);
                }
            }
            System.setProperty("spark.testing", "true");
            System.setProperty("spark.test.home", sparkHome.toString());
        }
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        return conf;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort, at exit
        }
    }
}
