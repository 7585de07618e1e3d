package io.github.dl4jlosses.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The degenerate-batch case of {@link LocalClusterTrainingTest} with Spark's Java serializer: the configuration, and
 * the losses in it, reach the executors through Java serialization, which skips transient fields and runs no
 * constructor (Kryo, which {@link SparkTraining#configure} picks, calls the losses' no-arg constructors). Before the
 * losses restored their transient state lazily, this failed with a NullPointerException on the executor.
 */
class JavaSerializationClusterTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = TestSpark.start(TestSpark.LOCAL_CLUSTER, "JavaSerializationClusterTest",
                "org.apache.spark.serializer.JavaSerializer");
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void degenerateBatchOnAnExecutorDoesNotFailTheJob() {
        LocalClusterTrainingTest.trainWithADegenerateBatch(sc);
    }
}
