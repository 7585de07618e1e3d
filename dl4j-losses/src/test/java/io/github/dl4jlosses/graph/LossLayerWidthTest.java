package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossContrastive;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The loss layer declares the width it receives (nIn = nOut = k·D), so DL4J never infers a
 * {@code feedForward(0)} output type for it (the cause of its "Assigning a size of zero" warning).
 */
class LossLayerWidthTest {
    private static void assertWidth(ComputationGraphConfiguration conf, long width) {
        LossLayer loss = (LossLayer) ((LayerVertex) conf.getVertices().get(GraphNames.LOSS)).getLayerConf().getLayer();
        assertEquals(width, loss.getNIn(), "nIn");
        assertEquals(width, loss.getNOut(), "nOut");
        InputType[] in = new InputType[conf.getNetworkInputs().size()];
        java.util.Arrays.fill(in, Towers.dense().getInputType());
        Map<String, InputType> types = conf.getLayerActivationTypes(in);
        assertEquals(InputType.feedForward(width), types.get(GraphNames.LOSS), "the loss layer's output type");
    }

    @Test
    void siameseLossLayerIsTwoEmbeddingsWide() {
        assertWidth(SiameseGraph.builder().tower(Towers.dense()).loss(LossContrastive.builder().build()).build(),
                2L * Towers.EMBEDDING);
    }

    @Test
    void multiSampleTripletLossLayerIsOnePlusPPlusNEmbeddingsWide() {
        assertWidth(TripletGraph.builder().tower(Towers.dense()).positives(2).negatives(3).build(), 6L * Towers.EMBEDDING);
    }

    @Test
    void singleInputLossLayerIsOneEmbeddingWide() {
        assertWidth(SingleInputGraph.builder().tower(Towers.dense()).loss(LossBatchTriplet.builder().build()).build(),
                Towers.EMBEDDING);
    }
}
