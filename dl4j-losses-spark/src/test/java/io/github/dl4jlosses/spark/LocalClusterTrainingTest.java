package io.github.dl4jlosses.spark;

import io.github.dl4jlosses.data.PKBatchIterator;
import io.github.dl4jlosses.graph.EmbeddingModel;
import io.github.dl4jlosses.graph.SingleInputGraph;
import io.github.dl4jlosses.graph.Tower;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parameter averaging on {@code local-cluster[2,1,1024]}: two executor JVMs, so the configuration and its losses
 * reach the workers through serialization, as on a real cluster.
 */
class LocalClusterTrainingTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = TestSpark.start(TestSpark.LOCAL_CLUSTER, "LocalClusterTrainingTest");
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    static Tower tower() {
        return Tower.of(InputType.feedForward(ClusterData.DIM),
                new DenseLayer.Builder().nOut(16).activation(Activation.TANH).build(),
                new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build());
    }

    @Test
    void singleInputGraphWithBatchHardTripletTrains() {
        ComputationGraphConfiguration conf = SingleInputGraph.builder().tower(tower()).updater(new Adam(0.01)).seed(3)
                .loss(LossBatchTriplet.builder().mining(TripletMining.HARD).margin(0.5).build()).build();
        DataSet train = ClusterData.labelled(1536, 1);
        DataSet heldOut = ClusterData.labelled(96, 2);
        try (ParameterAveragingGraph net = SparkTraining.parameterAveraging(conf, sc).pkBatches(4, 8)
                .averagingFrequency(4).seed(5).build()) {
            PKBatchIterator batches = PKBatchIterator.builder().data(train).classesPerBatch(4).examplesPerClass(8)
                    .seed(7).build();
            JavaRDD<DataSet> rdd = SparkTraining.parallelize(sc, batches, 4).cache();
            double before = net.getNetwork().score(heldOut);
            long start = System.nanoTime();
            for (int epoch = 0; epoch < 3; epoch++) {
                net.fit(rdd);
            }
            System.out.printf("[spark] batch-hard, 3 epochs of %d batches: %.1f s%n", rdd.count(),
                    (System.nanoTime() - start) / 1e9);
            ComputationGraph trained = net.getNetwork();
            double after = trained.score(heldOut);
            assertTrue(after < 0.5 * before, "held-out batch-hard loss before=" + before + " after=" + after);
            double accuracy = ClusterData.tripletAccuracy(
                    EmbeddingModel.fromGraph(trained).distanceMatrix(heldOut.getFeatures(), heldOut.getFeatures()),
                    heldOut.getLabels());
            assertTrue(accuracy >= 0.9, "held-out triplet accuracy " + accuracy);
        }
    }
}
