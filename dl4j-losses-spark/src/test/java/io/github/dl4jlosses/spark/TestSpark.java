package io.github.dl4jlosses.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark contexts for the tests: small, quiet, configured as {@link SparkTraining#configure} does for users. */
final class TestSpark {
    /** Two executor JVMs of one core and 1 GiB each. */
    static final String LOCAL_CLUSTER = "local-cluster[2,1,1024]";

    private TestSpark() {
    }

    static JavaSparkContext start(String master, String appName) {
        return start(master, appName, null);
    }

    /** {@code serializer}: a {@code spark.serializer} class, or null for what {@link SparkTraining#configure} picks. */
    static JavaSparkContext start(String master, String appName, String serializer) {
        SparkConf conf = SparkTraining.sparkConf(master, appName)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                // a failing task fails the job at once instead of being retried three times
                .set("spark.task.maxFailures", "1");
        conf.set("spark.executor.extraJavaOptions", conf.get("spark.executor.extraJavaOptions")
                + " -Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        if (serializer != null) {
            conf.set("spark.serializer", serializer);
            conf.remove("spark.kryo.registrator");
        }
        return new JavaSparkContext(LocalCluster.prepare(conf));
    }
}
