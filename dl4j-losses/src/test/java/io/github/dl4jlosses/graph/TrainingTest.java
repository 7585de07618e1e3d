package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossTriplet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On {@link SeparableData}, training lowers the loss, and the trained tower (as an {@link EmbeddingModel}) puts
 * same-class points closer than different-class ones although raw distances do not; the Koch graph verifies
 * held-out pairs with more than 90% accuracy.
 */
class TrainingTest {
    private static final int STEPS = 80;
    private static final int BATCH = 64;

    static Tower tower() {
        return Tower.of(InputType.feedForward(SeparableData.DIM),
                new DenseLayer.Builder().nOut(16).activation(Activation.TANH).build(),
                new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build());
    }

    /** Trains for {@link #STEPS} fresh batches; returns {score before, score after} on a held-out batch. */
    static double[] train(ComputationGraph net, IntFunction<MultiDataSet> batches, MultiDataSet heldOut) {
        double before = net.score(heldOut);
        for (int i = 0; i < STEPS; i++) {
            net.fit(batches.apply(i));
        }
        return new double[]{before, net.score(heldOut)};
    }

    /** Checks the embedding of held-out labelled points, trained against untrained and raw inputs. */
    private static void assertEmbeddingSeparatesClasses(EmbeddingModel untrained, EmbeddingModel trained) {
        SeparableData.Labelled test = new SeparableData(99).labelled(80);
        double raw = test.tripletAccuracy(Distance.EUCLIDEAN.matrix(test.x, test.x));
        double before = test.tripletAccuracy(untrained.distanceMatrix(test.x, test.x));
        double after = test.tripletAccuracy(trained.distanceMatrix(test.x, test.x));
        assertTrue(raw < 0.8, "the data should not be solved by raw distances: " + raw);
        assertTrue(after > 0.95 && after > before + 0.1,
                "triplet accuracy raw=" + raw + " untrained=" + before + " trained=" + after);
        assertTrue(test.meanSameMinusMeanDifferent(trained.distanceMatrix(test.x, test.x)) < 0);
    }

    @Test
    void siameseContrastive() {
        ComputationGraphConfiguration conf = SiameseGraph.builder().tower(tower()).updater(new Adam(0.01)).seed(1)
                .loss(LossContrastive.builder().with(LossContrastive.MARGIN_NEGATIVE, 2.0).build()).build();
        ComputationGraph net = SharedWeightsTest.init(conf);
        EmbeddingModel untrained = EmbeddingModel.fromGraph(net);
        SeparableData data = new SeparableData(1);
        double[] score = train(net, i -> data.pairs(BATCH), new SeparableData(2).pairs(256));
        assertTrue(score[1] < 0.3 * score[0], "contrastive loss before=" + score[0] + " after=" + score[1]);
        assertEmbeddingSeparatesClasses(untrained, EmbeddingModel.fromGraph(net));
    }

    @Test
    void tripletWithL2NormalizedEmbedding() {
        ComputationGraphConfiguration conf = TripletGraph.builder().tower(tower()).updater(new Adam(0.01)).seed(2)
                .l2Normalize(true).loss(LossTriplet.builder().with(LossTriplet.MARGIN, 0.5).build()).build();
        ComputationGraph net = SharedWeightsTest.init(conf);
        EmbeddingModel untrained = EmbeddingModel.fromGraph(net);
        SeparableData data = new SeparableData(3);
        double[] score = train(net, i -> data.triplets(BATCH), new SeparableData(4).triplets(256));
        assertTrue(score[1] < 0.3 * score[0], "triplet loss before=" + score[0] + " after=" + score[1]);
        EmbeddingModel trained = EmbeddingModel.fromGraph(net);
        assertEmbeddingSeparatesClasses(untrained, trained);
        assertEquals(4, trained.embeddingSize());
    }

    /** Koch 2015: |h1 − h2| → Dense(1, sigmoid) → binary cross-entropy, with L2 weight decay. */
    @Test
    void kochVerifiesHeldOutPairs() {
        ComputationGraphConfiguration conf = KochSiameseGraph.builder().tower(tower()).updater(new Adam(0.01))
                .seed(3).l2(1e-4).build();
        ComputationGraph net = SharedWeightsTest.init(conf);
        SeparableData data = new SeparableData(5);
        MultiDataSet heldOut = new SeparableData(6).pairs(400);
        double chance = accuracy(net, heldOut);
        double[] score = train(net, i -> data.pairs(BATCH), heldOut);
        double accuracy = accuracy(net, heldOut);
        assertTrue(score[1] < 0.5 * score[0], "XENT before=" + score[0] + " after=" + score[1]);
        assertTrue(accuracy > 0.9, "verification accuracy before=" + chance + " after=" + accuracy);
    }

    private static double accuracy(ComputationGraph net, MultiDataSet pairs) {
        INDArray p = net.outputSingle(pairs.getFeatures());
        double[] prob = p.reshape(-1).toDoubleVector();
        double[] same = pairs.getLabels(0).reshape(-1).toDoubleVector();
        int correct = 0;
        for (int i = 0; i < prob.length; i++) {
            if ((prob[i] > 0.5) == (same[i] == 1.0)) {
                correct++;
            }
        }
        return (double) correct / prob.length;
    }
}
