package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossTriplet;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One set of tower weights per graph, the branches really use it, and the builders' checks. */
class SharedWeightsTest {

    static ComputationGraph init(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static Set<String> towerParams(int layers) {
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i < layers; i++) {
            keys.add(GraphNames.towerLayer(i) + "_W");
            keys.add(GraphNames.towerLayer(i) + "_b");
        }
        return keys;
    }

    @ParameterizedTest(name = "conv={0}")
    @ValueSource(booleans = {false, true})
    void parameterCountIsOneTowerPlusHead(boolean conv) {
        long tower = Towers.params(conv);
        Tower t = Towers.of(conv);
        ComputationGraph siamese = init(SiameseGraph.builder().tower(t).build());
        ComputationGraph normalized = init(SiameseGraph.builder().tower(t).l2Normalize(true).build());
        ComputationGraph triplet = init(TripletGraph.builder().tower(t).build());
        ComputationGraph multi = init(TripletGraph.builder().tower(t).positives(2).negatives(3).build());
        ComputationGraph single = init(SingleInputGraph.builder().tower(t).loss(new LossTriplet()).build());
        ComputationGraph koch = init(KochSiameseGraph.builder().tower(t).build());

        for (ComputationGraph net : Arrays.asList(siamese, normalized, triplet, multi, single)) {
            assertEquals(tower, net.numParams());
            assertEquals(towerParams(2), new TreeSet<>(net.paramTable().keySet()));
        }
        // Koch head: Dense(1) on the D = 3 absolute differences: 3 weights + 1 bias
        assertEquals(tower + Towers.EMBEDDING + 1, koch.numParams());
        Set<String> kochKeys = towerParams(2);
        kochKeys.addAll(Arrays.asList(GraphNames.OUTPUT + "_W", GraphNames.OUTPUT + "_b"));
        assertEquals(kochKeys, new TreeSet<>(koch.paramTable().keySet()));
        assertEquals(6, multi.getNumInputArrays());
    }

    /**
     * Every builder keeps the layers' forward results for backprop by default (CacheMode.HOST: DL4J's convolutions
     * then skip recomputing their forward pass), configurable, in the JSON of the configuration.
     */
    @Test
    void buildersCacheForwardResultsForBackpropUnlessTold() {
        Tower t = Towers.of(true);
        for (ComputationGraphConfiguration conf : Arrays.asList(SiameseGraph.builder().tower(t).build(),
                TripletGraph.builder().tower(t).build(), KochSiameseGraph.builder().tower(t).build(),
                SingleInputGraph.builder().tower(t).loss(new LossTriplet()).build())) {
            assertEquals(CacheMode.HOST, conf.getCacheMode());
            for (String layer : conf.getVertices().keySet()) {
                if (conf.getVertices().get(layer) instanceof LayerVertex) {
                    assertEquals(CacheMode.HOST,
                            ((LayerVertex) conf.getVertices().get(layer)).getLayerConf().getCacheMode(), layer);
                }
            }
            assertEquals(CacheMode.HOST, ComputationGraphConfiguration.fromJson(conf.toJson()).getCacheMode());
        }
        ComputationGraphConfiguration none = SiameseGraph.builder().tower(t).cacheMode(CacheMode.NONE).build();
        assertEquals(CacheMode.NONE, none.getCacheMode());
        assertThrows(NullPointerException.class, () -> SiameseGraph.builder().cacheMode(null));
    }

    /** The same input on every branch gives the same embedding block; different inputs, different blocks. */
    @ParameterizedTest(name = "conv={0}")
    @ValueSource(booleans = {false, true})
    void branchesComputeTheSameFunction(boolean conv) {
        ComputationGraph net = init(TripletGraph.builder().tower(Towers.of(conv)).build());
        INDArray x = Towers.input(conv, DataType.FLOAT, 1, 5);
        INDArray y = Towers.input(conv, DataType.FLOAT, 2, 5);
        INDArray merged = net.feedForward(new INDArray[]{x, y, x}, false).get(GraphNames.MERGE);
        int d = Towers.EMBEDDING;
        INDArray a = merged.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d));
        INDArray p = merged.get(NDArrayIndex.all(), NDArrayIndex.interval(d, 2 * d));
        INDArray n = merged.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * d, 3 * d));
        assertEquals(a, n);
        assertFalse(a.equalsWithEps(p, 1e-3));
        // and it is the function the embedding model (a separate one-input network) computes
        INDArray e = EmbeddingModel.fromGraph(net).embed(x);
        assertTrue(e.equalsWithEps(a, 1e-6));
    }

    @Test
    void inputNamesAndOrder() {
        assertEquals(Arrays.asList("left", "right"),
                SiameseGraph.builder().tower(Towers.dense()).build().getNetworkInputs());
        assertEquals(Arrays.asList("anchor", "positive", "negative"),
                TripletGraph.builder().tower(Towers.dense()).build().getNetworkInputs());
        assertEquals(Arrays.asList("anchor", "positive_1", "positive_2", "negative_1"),
                TripletGraph.builder().tower(Towers.dense()).positives(2).build().getNetworkInputs());
        assertEquals(Arrays.asList("input"), SingleInputGraph.builder().tower(Towers.dense())
                .loss(new LossContrastive()).build().getNetworkInputs());
    }

    @Test
    void builderRejectsInconsistentSetUps() {
        IllegalStateException noTower = assertThrows(IllegalStateException.class,
                () -> SiameseGraph.builder().build());
        assertTrue(noTower.getMessage().contains("SiameseGraph"), noTower.getMessage());
        assertThrows(IllegalStateException.class,
                () -> SingleInputGraph.builder().tower(Towers.dense()).build());
        IllegalArgumentException wrongLoss = assertThrows(IllegalArgumentException.class,
                () -> TripletGraph.builder().tower(Towers.dense()).negatives(2).loss(new LossTriplet()).build());
        assertTrue(wrongLoss.getMessage().contains("LossMultiSampleTriplet"), wrongLoss.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TripletGraph.builder().tower(Towers.dense())
                .positives(2).loss(LossMultiSampleTriplet.builder()
                .with(LossMultiSampleTriplet.POSITIVES, 3).build()).build());
        assertThrows(IllegalArgumentException.class, () -> TripletGraph.builder().positives(0));
        assertThrows(IllegalArgumentException.class, () -> KochSiameseGraph.builder().l2(-1));
        IllegalArgumentException convEnd = assertThrows(IllegalArgumentException.class,
                () -> Tower.of(InputType.convolutional(4, 4, 1),
                        new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build()));
        assertTrue(convEnd.getMessage().contains("feed-forward"), convEnd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tower.of(InputType.feedForward(3)));
    }

    @Test
    void towerLayersAreClonedSoOneTowerBuildsManyGraphs() {
        DenseLayer first = new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build();
        Tower t = Tower.of(InputType.feedForward(Towers.DENSE_IN), first,
                new DenseLayer.Builder().nOut(Towers.EMBEDDING).build());
        ComputationGraphConfiguration a = SiameseGraph.builder().tower(t).build();
        ComputationGraphConfiguration b = KochSiameseGraph.builder().tower(t).build();
        Layer inA = ((LayerVertex) a.getVertices().get("tower_0")).getLayerConf().getLayer();
        Layer inB = ((LayerVertex) b.getVertices().get("tower_0")).getLayerConf().getLayer();
        assertNotSame(inA, inB);
        assertEquals(Towers.DENSE_IN, ((DenseLayer) inA).getNIn());
        // building set nIn on the graphs' copies only
        assertEquals(0, first.getNIn());
        assertEquals(0, ((DenseLayer) t.getLayers().get(0)).getNIn());
        assertEquals(Towers.EMBEDDING, t.outputSize());
        assertEquals(Towers.EMBEDDING, EmbeddingModel.fromGraph(init(b)).embeddingSize());
    }
}
