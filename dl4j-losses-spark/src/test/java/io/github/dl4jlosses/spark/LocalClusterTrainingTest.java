package io.github.dl4jlosses.spark;

import io.github.dl4jlosses.data.PKBatchIterator;
import io.github.dl4jlosses.data.PairMultiDataSetIterator;
import io.github.dl4jlosses.graph.EmbeddingModel;
import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.SingleInputGraph;
import io.github.dl4jlosses.graph.Tower;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.spark.example.ClusteredData;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        return Tower.of(InputType.feedForward(ClusteredData.DIM),
                new DenseLayer.Builder().nOut(16).activation(Activation.TANH).build(),
                new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build());
    }

    @Test
    void singleInputGraphWithBatchHardTripletTrains() {
        ComputationGraphConfiguration conf = SingleInputGraph.builder().tower(tower()).updater(new Adam(0.01)).seed(3)
                .loss(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                .with(LossBatchTriplet.MARGIN, 0.5).build()).build();
        DataSet heldOut = ClusteredData.labelled(96, 2);
        try (ParameterAveragingGraph net = SparkTraining.parameterAveraging(conf, sc).pkBatches(4, 8)
                .averagingFrequency(8).seed(5).build()) {
            JavaRDD<DataSet> rdd = SparkTraining.parallelize(sc, PKBatchIterator.builder()
                    .data(ClusteredData.labelled(1024, 1)).classesPerBatch(4).examplesPerClass(8).seed(7).build(), 4)
                    .cache();
            assertTrainsAndSeparates("batch-hard", net, () -> net.fit(rdd), g -> g.score(heldOut), heldOut);
        }
    }

    @Test
    void siameseGraphWithContrastiveLossTrains() {
        ComputationGraphConfiguration conf = SiameseGraph.builder().tower(tower()).updater(new Adam(0.01)).seed(4)
                .loss(LossContrastive.builder().with(LossContrastive.MARGIN_NEGATIVE, 2.0).build()).build();
        DataSet heldOut = ClusteredData.labelled(96, 12);
        MultiDataSet heldOutPairs = PairMultiDataSetIterator.builder().data(heldOut).randomBatches(96).seed(13)
                .build().next();
        try (ParameterAveragingGraph net = SparkTraining.parameterAveraging(conf, sc).batchSize(32)
                .averagingFrequency(8).seed(5).build()) {
            JavaRDD<MultiDataSet> rdd = SparkTraining.parallelize(sc, PairMultiDataSetIterator.builder()
                    .data(ClusteredData.labelled(1024, 11)).randomBatches(32).seed(14).build(), 4).cache();
            assertTrainsAndSeparates("contrastive", net, () -> net.fitMultiDataSet(rdd), g -> g.score(heldOutPairs),
                    heldOut);
        }
    }

    /**
     * Three epochs: the held-out loss falls below half, and the embedding orders ≥ 90% of the held-out triplets
     * (anchor, positive, negative) correctly.
     */
    private static void assertTrainsAndSeparates(String what, ParameterAveragingGraph net, Runnable epoch,
                                                 ToDoubleFunction<ComputationGraph> heldOutLoss, DataSet heldOut) {
        double before = heldOutLoss.applyAsDouble(net.getNetwork());
        long start = System.nanoTime();
        for (int e = 0; e < 3; e++) {
            epoch.run();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ComputationGraph trained = net.getNetwork();
        double after = heldOutLoss.applyAsDouble(trained);
        double accuracy = ClusteredData.tripletAccuracy(
                EmbeddingModel.fromGraph(trained).distanceMatrix(heldOut.getFeatures(), heldOut.getFeatures()),
                heldOut.getLabels());
        System.out.printf("[spark] %s, 3 epochs: %.1f s, held-out loss %.3f -> %.3f, triplet accuracy %.3f%n",
                what, seconds, before, after, accuracy);
        assertTrue(after < 0.5 * before, "held-out " + what + " loss before=" + before + " after=" + after);
        assertTrue(accuracy >= 0.9, "held-out triplet accuracy " + accuracy);
    }

    /**
     * A P×K batch of one class only (no anchor has a negative) reaches an executor among ordinary batches: the loss
     * scores it 0 with a zero gradient (and warns), the job goes on. Here the configuration reaches the executors
     * through Kryo (as {@link SparkTraining#configure} sets); {@link JavaSerializationClusterTest} does it with
     * Java serialization.
     */
    @Test
    void degenerateBatchOnAnExecutorDoesNotFailTheJob() {
        trainWithADegenerateBatch(sc);
    }

    static void trainWithADegenerateBatch(JavaSparkContext sc) {
        ComputationGraphConfiguration conf = SingleInputGraph.builder().tower(tower()).updater(new Adam(0.01)).seed(6)
                .loss(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                .with(LossBatchTriplet.MARGIN, 0.5).build()).build();
        List<DataSet> batches = new ArrayList<>();
        PKBatchIterator pk = PKBatchIterator.builder().data(ClusteredData.labelled(256, 21)).classesPerBatch(4)
                .examplesPerClass(8).seed(22).build();
        while (pk.hasNext()) {
            batches.add(pk.next());
        }
        DataSet oneClass = ClusteredData.labelled(32, 23);
        oneClass.setLabels(Nd4j.zeros(DataType.FLOAT, 32, 1));
        batches.add(batches.size() / 2, oneClass);
        try (ParameterAveragingGraph net = SparkTraining.parameterAveraging(conf, sc).pkBatches(4, 8)
                .averagingFrequency(2).seed(5).build()) {
            INDArray before = net.getNetwork().params().dup();
            net.fit(sc.parallelize(batches, 2));
            INDArray after = net.getNetwork().params();
            assertFalse(Double.isNaN(after.sumNumber().doubleValue()), "parameters after training are NaN");
            assertTrue(before.distance2(after) > 0, "training did not change the parameters");
        }
    }

    @Test
    void elementsThatAreNotOneBatchAreAClearError() {
        ComputationGraphConfiguration conf = SingleInputGraph.builder().tower(tower()).updater(new Adam(0.01)).seed(6)
                .loss(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD).build()).build();
        PKBatchIterator pk = PKBatchIterator.builder().data(ClusteredData.labelled(128, 31)).classesPerBatch(4)
                .examplesPerClass(4).seed(32).build();
        try (ParameterAveragingGraph net = SparkTraining.parameterAveraging(conf, sc).pkBatches(4, 8).build()) {
            JavaRDD<DataSet> rdd = SparkTraining.parallelize(sc, pk, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.fit(rdd));
            assertTrue(e.getMessage().startsWith("SparkTraining: an RDD element holds 16 examples, but training was "
                    + "configured for batches of P×K = 4×8 = 32"), e.getMessage());
            assertEquals(32, net.batchSize());
        }
    }
}
