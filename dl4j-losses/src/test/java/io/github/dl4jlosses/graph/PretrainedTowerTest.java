package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.loss.LossContrastive;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tower cut from a trained classifier: same activations as the classifier, frozen layers stay put, clear errors. */
class PretrainedTowerTest {
    private static final InputType INPUT = InputType.feedForward(4);

    /** A 4 → hidden(6) → embedding(3) → softmax(2) classifier with named layers, initialised (weights are random). */
    private static MultiLayerNetwork classifier() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().name("hidden").nOut(6).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().name("embedding").nOut(3).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("classes").nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(INPUT).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph siamese(PretrainedTower pre) {
        return SiameseGraph.builder().tower(pre).dataType(DataType.DOUBLE).updater(new Sgd(0.5))
                .loss(LossContrastive.builder().build()).buildNetwork();
    }

    @Test
    void towerStartsFromTheClassifiersWeights() {
        MultiLayerNetwork mln = classifier();
        PretrainedTower pre = PretrainedTower.of(mln, INPUT, "embedding", 0);
        assertEquals(List.of("hidden", "embedding"), pre.sourceLayerNames());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4);
        INDArray expected = mln.feedForwardToLayer(1, x).get(2);
        INDArray got = EmbeddingModel.fromGraph(siamese(pre)).embed(x);
        assertTrue(expected.equalsWithEps(got, 1e-12), expected + "\nvs\n" + got);
    }

    @Test
    void defaultCutIsJustBeforeTheOutputLayerAndAGraphSourceWorksToo() {
        ComputationGraph cg = classifier().toComputationGraph();
        PretrainedTower pre = PretrainedTower.of(cg, INPUT, null, 0);
        assertEquals(2, pre.sourceLayerNames().size(), pre.sourceLayerNames().toString());
        assertEquals(3, pre.tower().outputSize());
    }

    @Test
    void frozenLayersKeepTheirWeightsWhileTheRestFineTunes() {
        PretrainedTower pre = PretrainedTower.of(classifier(), INPUT, "embedding", 1);
        assertEquals(1, pre.frozenLayers());
        ComputationGraph net = siamese(pre);
        INDArray frozenBefore = net.getLayer(GraphNames.towerLayer(0)).params().dup();
        INDArray trainedBefore = net.getLayer(GraphNames.towerLayer(1)).params().dup();
        INDArray left = Nd4j.rand(DataType.DOUBLE, 8, 4), right = Nd4j.rand(DataType.DOUBLE, 8, 4);
        INDArray same = Nd4j.createFromArray(new double[][]{{1}, {0}, {1}, {0}, {1}, {0}, {1}, {0}});
        for (int i = 0; i < 3; i++) net.fit(new MultiDataSet(new INDArray[]{left, right}, new INDArray[]{same}));
        assertEquals(frozenBefore, net.getLayer(GraphNames.towerLayer(0)).params(), "frozen layer unchanged");
        assertNotEquals(trainedBefore, net.getLayer(GraphNames.towerLayer(1)).params(), "unfrozen layer trained");
    }

    @Test
    void badCutOrFreezeIsAClearError() {
        MultiLayerNetwork mln = classifier();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> PretrainedTower.of(mln, INPUT, "dense_9", 0));
        assertEquals("PretrainedTower: no layer named 'dense_9'; the layers are [hidden, embedding, classes]",
                unknown.getMessage());
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class,
                () -> PretrainedTower.of(mln, INPUT, "classes", 0));
        assertTrue(output.getMessage().contains("cut before the output layer 'classes'"), output.getMessage());
        IllegalArgumentException freeze = assertThrows(IllegalArgumentException.class,
                () -> PretrainedTower.of(mln, INPUT, "embedding", 2));
        assertEquals("PretrainedTower: expected freeze in [0, 1] (the tower has 2 layers, [hidden, embedding], and at"
                + " least one must train), got 2", freeze.getMessage());
    }
}
