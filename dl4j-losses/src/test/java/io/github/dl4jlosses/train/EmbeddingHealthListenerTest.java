package io.github.dl4jlosses.train;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.TripletGraph;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real small networks that collapse, diverge or stop learning get exactly one warning per problem, naming the
 * iteration it started; a healthy run gets none. Both DL4J model kinds are covered: the collapse is seen in a
 * Triplet ComputationGraph and in a MultiLayerNetwork, divergence in a MultiLayerNetwork, a zero gradient
 * without collapse in a Triplet graph.
 */
class EmbeddingHealthListenerTest {
    private static final int DIM = 8;
    private static final int BATCH = 16;
    private static final double MARGIN = 0.2;

    private static INDArray gaussian(Random r, int rows, double scale) {
        double[][] v = new double[rows][DIM];
        for (double[] row : v) for (int j = 0; j < DIM; j++) row[j] = scale * r.nextGaussian();
        return Nd4j.createFromArray(v).castTo(DataType.FLOAT);
    }

    /**
     * A ReLU layer whose bias starts at -100 outputs 0 for every input of unit scale (and, dead, never gets a
     * gradient); the identity layer after it then gives every example its own bias: one point for all.
     */
    private static DenseLayer deadRelu() {
        return new DenseLayer.Builder().nOut(16).activation(Activation.RELU).biasInit(-100).build();
    }

    private static DenseLayer embedding() {
        return new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build();
    }

    private static ComputationGraph tripletGraph(DenseLayer hidden, double margin, long seed) {
        ComputationGraph net = new ComputationGraph(TripletGraph.builder()
                .tower(InputType.feedForward(DIM), hidden, embedding())
                .loss(LossTriplet.builder().with(LossTriplet.MARGIN, margin)
                .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build())
                .updater(new Adam(1e-2)).seed(seed).build());
        net.init();
        return net;
    }

    private static MultiDataSet triplets(INDArray a, INDArray p, INDArray n) {
        return new MultiDataSet(new INDArray[]{a, p, n}, new INDArray[]{Nd4j.zeros(DataType.FLOAT, a.rows(), 1)});
    }

    private static MultiDataSet randomTriplets(Random r) {
        return triplets(gaussian(r, BATCH, 1), gaussian(r, BATCH, 1), gaussian(r, BATCH, 1));
    }

    /** Anchor = positive and margin 0: every triplet already satisfies the loss, so nothing has a gradient. */
    private static MultiDataSet satisfiedTriplets(Random r) {
        INDArray a = gaussian(r, BATCH, 1);
        return triplets(a, a.dup(), gaussian(r, BATCH, 1));
    }

    /** Every iteration's score, as the model reports it after the iteration. */
    private static final class Scores extends BaseTrainingListener {
        final List<Double> values = new ArrayList<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            assertEquals(values.size(), iteration, "iterations count from 0 without gaps");
            values.add(model.score());
        }
    }

    @Test
    void collapsedTripletGraphWarnsOnceOfCollapseAndOnceOfZeroGradient() {
        ComputationGraph net = tripletGraph(deadRelu(), MARGIN, 1);
        EmbeddingHealthListener health = EmbeddingHealthListener.builder().build();
        Scores scores = new Scores();
        net.setListeners(health, scores);
        Random r = new Random(1);
        String log = CapturedLog.during(() -> {
            for (int i = 0; i < 25; i++) net.fit(randomTriplets(r));
        });

        for (double s : scores.values) assertEquals(MARGIN, s, 1e-6, "collapsed: every triplet scores the margin");
        assertEquals(1, CapturedLog.count(log, "embeddings collapsed at iteration"), log);
        assertTrue(log.contains("WARN") && log.contains("embeddings collapsed at iteration 0 (epoch 0): the output "
                + "layer 'loss' receives the same row for all 16 examples"), log);
        HealthWarning collapse = health.warning(TrainingProblem.EMBEDDING_COLLAPSE).orElseThrow();
        assertEquals(0, collapse.iteration());
        assertEquals(0.0, health.lastEmbeddingSpread(), 1e-6);

        // default: 5 zero gradients in a row, iterations 0..4
        assertEquals(1, CapturedLog.count(log, "gradient all zero for 5 iterations in a row at iteration 4 "
                + "(epoch 0, zero since iteration 0)"), log);
        assertEquals(1, CapturedLog.count(log, "gradient all zero"), log);
        assertEquals(4, health.warning(TrainingProblem.ZERO_GRADIENT).orElseThrow().iteration());
        assertFalse(health.scoreNonFinite());
        assertEquals(2, health.warnings().size(), health.warnings().toString());
    }

    @Test
    void collapsedMultiLayerNetworkWarnsAtTheFirstDueCheck() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).updater(new Adam(1e-2)).list()
                .layer(deadRelu())
                .layer(embedding())
                .layer(new LossLayer.Builder(LossBatchTriplet.builder()
                .with(LossBatchTriplet.MINING, TripletMining.HARD).with(LossBatchTriplet.MARGIN, MARGIN).build())
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(DIM)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // checks at iterations divisible by 3; the net is fitted twice before the listener is attached
        EmbeddingHealthListener health = EmbeddingHealthListener.builder().collapseCheckEvery(3).zeroGradientIterations(0).build();
        Random r = new Random(2);
        INDArray classes = Nd4j.createFromArray(new float[]{0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3}).reshape(BATCH, 1);
        String log = CapturedLog.during(() -> {
            net.fit(new DataSet(gaussian(r, BATCH, 1), classes));
            net.fit(new DataSet(gaussian(r, BATCH, 1), classes));
            net.setListeners(health);
            for (int i = 0; i < 10; i++) net.fit(new DataSet(gaussian(r, BATCH, 1), classes));
        });

        assertEquals(1, CapturedLog.count(log, "embeddings collapsed at iteration"), log);
        assertTrue(log.contains("embeddings collapsed at iteration 3 (epoch 0): the output layer receives the same row "
                + "for all 16 examples"), log);
        assertEquals(3, health.warning(TrainingProblem.EMBEDDING_COLLAPSE).orElseThrow().iteration());
        assertFalse(health.warning(TrainingProblem.ZERO_GRADIENT).isPresent(), "that check was turned off");
    }

    @Test
    void divergingNetworkWarnsOnceAtTheFirstNonFiniteScore() {
        // Linear regression by SGD at a step far beyond 2/λmax: the weights grow geometrically to Inf, then NaN.
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(5.0)).list()
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(DIM)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        EmbeddingHealthListener health = EmbeddingHealthListener.builder().build();
        Scores scores = new Scores();
        net.setListeners(health, scores);
        Random r = new Random(3);
        int[] extra = {0};
        String log = CapturedLog.during(() -> {
            // keep going 10 iterations past the first non-finite score: still one warning
            while (scores.values.size() < 200 && extra[0] < 10) {
                net.fit(new DataSet(gaussian(r, BATCH, 1), gaussian(r, BATCH, 1).getColumns(0)));
                if (health.scoreNonFinite()) extra[0]++;
            }
        });

        int first = -1;
        for (int i = 0; i < scores.values.size() && first < 0; i++) if (!Double.isFinite(scores.values.get(i))) first = i;
        assertTrue(first > 0, "the run diverged after a finite start: " + scores.values);
        assertTrue(health.scoreNonFinite());
        HealthWarning diverged = health.warning(TrainingProblem.NON_FINITE_SCORE).orElseThrow();
        assertEquals(first, diverged.iteration());
        assertEquals(1, CapturedLog.count(log, "training diverged"), log);
        assertTrue(log.contains("score is " + scores.values.get(first) + " at iteration " + first + " (epoch 0): training "
                + "diverged"), log);
        assertEquals(first + 10, scores.values.size(), "stopped 10 iterations after the first non-finite score");
    }

    @Test
    void zeroGradientWithoutCollapseIsCountedInARow() {
        ComputationGraph net = tripletGraph(new DenseLayer.Builder().nOut(16).activation(Activation.TANH).build(), 0.0, 4);
        EmbeddingHealthListener health = EmbeddingHealthListener.builder().zeroGradientIterations(4).build();
        net.setListeners(health);
        Random r = new Random(4);
        String log = CapturedLog.during(() -> {
            // alternating: never 4 zero gradients in a row
            for (int i = 0; i < 12; i++) net.fit(i % 2 == 0 ? satisfiedTriplets(r) : randomTriplets(r));
            assertTrue(health.warnings().isEmpty(), "learning batches in between: " + health.warnings());
            // iterations 12..15 satisfied: the 4th in a row is iteration 15
            for (int i = 0; i < 8; i++) net.fit(satisfiedTriplets(r));
        });

        assertEquals(1, CapturedLog.count(log, "gradient all zero"), log);
        assertTrue(log.contains("gradient all zero for 4 iterations in a row at iteration 15 (epoch 0, zero since "
                + "iteration 12)"), log);
        assertEquals(0.0, net.score(), 0.0, "every triplet satisfied");
        assertFalse(health.warning(TrainingProblem.EMBEDDING_COLLAPSE).isPresent(), "the embeddings are spread out");
        assertTrue(health.lastEmbeddingSpread() > 1e-2, "spread " + health.lastEmbeddingSpread());
    }

    @Test
    void healthySiameseRunLogsNothing() {
        ComputationGraph net = new ComputationGraph(SiameseGraph.builder()
                .tower(InputType.feedForward(DIM), new DenseLayer.Builder().nOut(16).activation(Activation.TANH).build(),
                        embedding())
                .loss(LossContrastive.builder()
                .with(LossContrastive.MARGIN_NEGATIVE, 2.0).build()).updater(new Adam(1e-2)).seed(5).build());
        net.init();
        EmbeddingHealthListener health = EmbeddingHealthListener.builder().collapseCheckEvery(1).build();
        Scores scores = new Scores();
        net.setListeners(health, scores);
        Random r = new Random(5);
        INDArray[] centres = {gaussian(r, 1, 2), gaussian(r, 1, 2), gaussian(r, 1, 2), gaussian(r, 1, 2)};
        String log = CapturedLog.during(() -> {
            for (int i = 0; i < 40; i++) {
                INDArray left = Nd4j.create(DataType.FLOAT, BATCH, DIM), right = Nd4j.create(DataType.FLOAT, BATCH, DIM);
                INDArray same = Nd4j.create(DataType.FLOAT, BATCH, 1);
                for (int row = 0; row < BATCH; row++) {
                    int c = r.nextInt(4), d = row % 2 == 0 ? c : (c + 1 + r.nextInt(3)) % 4;
                    left.putRow(row, centres[c].add(gaussian(r, 1, 0.3)));
                    right.putRow(row, centres[d].add(gaussian(r, 1, 0.3)));
                    same.putScalar(row, 0, c == d ? 1 : 0);
                }
                net.fit(new MultiDataSet(new INDArray[]{left, right}, new INDArray[]{same}));
            }
        });

        assertTrue(health.warnings().isEmpty(), health.warnings().toString());
        assertFalse(log.contains(EmbeddingHealthListener.class.getName()), log);
        assertFalse(health.scoreNonFinite());
        assertTrue(health.lastEmbeddingSpread() > 0.05, "spread at the last check " + health.lastEmbeddingSpread());
        double start = scores.values.get(0), end = scores.values.get(scores.values.size() - 1);
        assertTrue(end < 0.5 * start, "it is learning: score " + start + " -> " + end);
    }

    @Test
    void builderRejectsSettingsOutOfRange() {
        assertMessage(() -> EmbeddingHealthListener.builder().collapseCheckEvery(-1), "collapseCheckEvery >= 0", "-1");
        assertMessage(() -> EmbeddingHealthListener.builder().collapseTolerance(1.0), "collapseTolerance in [0, 1)", "1.0");
        assertMessage(() -> EmbeddingHealthListener.builder().collapseTolerance(Double.NaN), "collapseTolerance", "NaN");
        assertMessage(() -> EmbeddingHealthListener.builder().zeroGradientIterations(-2), "zeroGradientIterations >= 0", "-2");
    }

    private static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) assertTrue(e.getMessage().contains(p), e.getMessage());
        assertTrue(e.getMessage().startsWith("EmbeddingHealthListener: "), e.getMessage());
    }
}
