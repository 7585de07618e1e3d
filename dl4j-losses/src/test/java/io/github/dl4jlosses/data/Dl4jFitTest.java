package io.github.dl4jlosses.data;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The iterators under DL4J's own {@code fit(iterator, epochs)}: it resets between epochs (and
 * defensively before the first), which must give consecutive epochs, not a skipped or repeated one.
 */
class Dl4jFitTest {

    @Test
    void aNetworkTrainsOnPKBatchesForSeveralEpochs() {
        Examples data = Examples.of(new int[]{6, 6, 6}, new long[]{4}, true, DataType.FLOAT);
        PKBatchIterator it = PKBatchIterator.builder().data(data.dataSet).classesPerBatch(3).examplesPerClass(2)
                .labelFormat(LabelFormat.ONE_HOT).seed(1).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.01)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(it, 3);
        assertEquals(2, it.epoch(), "three epochs are epochs 0, 1 and 2");
        assertEquals(3 * it.batchesPerEpoch(), net.getIterationCount());
    }

    @Test
    void aTwoInputGraphTrainsOnLabelledPairs() {
        Examples data = Examples.of(new int[]{6, 6, 6}, new long[]{4}, false, DataType.FLOAT);
        PairMultiDataSetIterator it = PairMultiDataSetIterator.builder().data(data.dataSet).randomBatches(5).seed(1).build();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.01)).graphBuilder()
                .addInputs("left", "right")
                .addVertex("merged", new MergeVertex(), "left", "right")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(8).nOut(1)
                        .activation(Activation.SIGMOID).build(), "merged")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        graph.fit(it, 2);
        assertEquals(1, it.epoch());
        assertEquals(2 * 4, graph.getIterationCount(), "18 lefts in batches of 5: 4 batches per epoch");
        assertTrue(Double.isFinite(graph.score()));
    }
}
