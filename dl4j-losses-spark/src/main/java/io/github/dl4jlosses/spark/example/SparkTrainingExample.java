package io.github.dl4jlosses.spark.example;

import io.github.dl4jlosses.data.PKBatchIterator;
import io.github.dl4jlosses.graph.EmbeddingModel;
import io.github.dl4jlosses.graph.SingleInputGraph;
import io.github.dl4jlosses.graph.Tower;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.spark.LocalCluster;
import io.github.dl4jlosses.spark.ParameterAveragingGraph;
import io.github.dl4jlosses.spark.SparkTraining;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Arrays;
import java.util.Locale;

/**
 * Trains one batch-hard triplet embedding (a {@code SingleInputGraph} with {@code LossBatchTriplet}, P×K batches of
 * synthetic clustered data) twice, in this JVM and on Spark with parameter averaging, and prints the time per epoch
 * and the held-out triplet accuracy of each.
 *
 * <pre>
 * --master M        Spark master (default local-cluster[2,1,1024]: two executor JVMs of one core, 1 GiB)
 * --epochs E        epochs (default 3)
 * --examples N      training examples (default 3072)
 * --dim D           features per example (default 8; two informative, the rest noise)
 * --hidden H        width of the tower's hidden layer (default 16)
 * --averaging F     minibatches per worker between parameter averagings (default 4)
 * --pk P,K          batch shape (default 4,8)
 * </pre>
 * Run it with the Java 17 options ({@link SparkTraining#JAVA_OPTIONS}); {@code mvn -pl dl4j-losses-spark -am
 * -DskipTests package exec:exec} does (see the module's pom).
 */
public final class SparkTrainingExample {
    private SparkTrainingExample() {
    }

    public static void main(String[] args) {
        String master = "local-cluster[2,1,1024]";
        int epochs = 3;
        int examples = 3072;
        int dim = ClusteredData.DIM;
        int hidden = 16;
        int averaging = 4;
        int p = 4;
        int k = 8;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--master": master = value; i++; break;
                case "--epochs": epochs = Integer.parseInt(value); i++; break;
                case "--examples": examples = Integer.parseInt(value); i++; break;
                case "--dim": dim = Integer.parseInt(value); i++; break;
                case "--hidden": hidden = Integer.parseInt(value); i++; break;
                case "--averaging": averaging = Integer.parseInt(value); i++; break;
                case "--pk":
                    int[] pk = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                    p = pk[0];
                    k = pk[1];
                    i++;
                    break;
                default:
                    throw new IllegalArgumentException("SparkTrainingExample: unknown option " + args[i]
                            + " (known: --master --epochs --examples --dim --hidden --averaging --pk)");
            }
        }

        ComputationGraphConfiguration conf = SingleInputGraph.builder()
                .tower(Tower.of(InputType.feedForward(dim),
                        new DenseLayer.Builder().nOut(hidden).activation(Activation.TANH).build(),
                        new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build()))
                .updater(new Adam(0.01)).seed(3)
                .loss(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                .with(LossBatchTriplet.MARGIN, 0.5).build())
                .build();
        DataSet train = ClusteredData.labelled(examples, dim, 1);
        DataSet heldOut = ClusteredData.labelled(96, dim, 2);
        PKBatchIterator batches = PKBatchIterator.builder().data(train).classesPerBatch(p).examplesPerClass(k).seed(7)
                .build();
        System.out.printf(Locale.ROOT, "%d examples (dim %d, hidden %d), %d batches of P×K = %d×%d per epoch, "
                + "%d epochs%n", examples, dim, hidden, batches.batchesPerEpoch(), p, k, epochs);

        // one JVM
        ComputationGraph single = new ComputationGraph(conf);
        single.init();
        double[] singleTimes = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            batches.reset();
            long start = System.nanoTime();
            single.fit(batches);
            singleTimes[e] = (System.nanoTime() - start) / 1e9;
        }
        report("one JVM", singleTimes, single, heldOut);

        // Spark
        SparkConf sparkConf = LocalCluster.prepare(SparkTraining.sparkConf(master, "SparkTrainingExample")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false"));
        JavaSparkContext sc = new JavaSparkContext(sparkConf);
        try (ParameterAveragingGraph net = SparkTraining.parameterAveraging(conf, sc).pkBatches(p, k)
                .averagingFrequency(averaging).seed(5).build()) {
            batches.setEpoch(0);
            JavaRDD<DataSet> rdd = SparkTraining.parallelize(sc, batches, 2 * sc.defaultParallelism()).cache();
            rdd.count();
            // the first Spark job starts the executors and loads ND4J in them: not part of an epoch
            sc.parallelize(Arrays.asList(1, 2, 3, 4), sc.defaultParallelism())
                    .map(x -> org.nd4j.linalg.factory.Nd4j.ones(2).sumNumber().intValue()).collect();
            double[] sparkTimes = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                long start = System.nanoTime();
                net.fit(rdd);
                sparkTimes[e] = (System.nanoTime() - start) / 1e9;
            }
            report("Spark " + master + ", averaging every " + averaging, sparkTimes, net.getNetwork(), heldOut);
        } finally {
            sc.stop();
        }
    }

    private static void report(String what, double[] seconds, ComputationGraph net, DataSet heldOut) {
        double accuracy = ClusteredData.tripletAccuracy(
                EmbeddingModel.fromGraph(net).distanceMatrix(heldOut.getFeatures(), heldOut.getFeatures()),
                heldOut.getLabels());
        double later = 0;
        for (int e = 1; e < seconds.length; e++) {
            later += seconds[e];
        }
        System.out.printf(Locale.ROOT, "%-50s first epoch %6.2f s, later epochs %6.2f s each, held-out triplet "
                        + "accuracy %.3f%n", what, seconds[0],
                seconds.length > 1 ? later / (seconds.length - 1) : Double.NaN, accuracy);
    }
}
