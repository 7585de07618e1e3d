package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** JSON and ModelSerializer round trips of every graph kind, and of the embedding model. */
class SerializationTest {
    private static final int B = 6;

    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("siamese", false, SiameseGraph.builder().tower(Towers.dense()).l2(1e-3)
                        .loss(LossContrastive.builder().with(LossContrastive.SIMILAR_LABEL, 0)
                        .with(LossContrastive.MARGIN_NEGATIVE, 2.0).build()).build(), 2),
                Arguments.of("siamese-conv-l2norm", true, SiameseGraph.builder().tower(Towers.conv())
                        .l2Normalize(true).build(), 2),
                Arguments.of("triplet", false, TripletGraph.builder().tower(Towers.dense())
                        .loss(LossTriplet.builder().with(LossTriplet.MARGIN, 0.3)
                        .with(LossTriplet.DISTANCE, Distance.COSINE).build()).build(), 3),
                Arguments.of("multi-sample-conv", true, TripletGraph.builder().tower(Towers.conv()).positives(2)
                        .negatives(2).loss(LossMultiSampleTriplet.builder()
                        .with(LossMultiSampleTriplet.POSITIVES, 2).with(LossMultiSampleTriplet.NEGATIVES, 2).build())
                        .build(), 5),
                Arguments.of("koch", false, KochSiameseGraph.builder().tower(Towers.dense()).l2(1e-2).build(), 2),
                Arguments.of("koch-conv", true, KochSiameseGraph.builder().tower(Towers.conv()).build(), 2),
                Arguments.of("single", false, SingleInputGraph.builder().tower(Towers.dense()).l2Normalize(true)
                        .loss(new LossTriplet()).build(), 1));
    }

    private static MultiDataSet data(boolean conv, int k, long seed) {
        INDArray[] in = new INDArray[k];
        for (int i = 0; i < k; i++) {
            in[i] = Towers.input(conv, DataType.FLOAT, seed + i, B);
        }
        return new MultiDataSet(in, new INDArray[]{RandomArrays.binaryLabels(DataType.FLOAT, seed, B)});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void jsonRoundTrip(String kind, boolean conv, ComputationGraphConfiguration conf, int k) {
        String json = conf.toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(json, back.toJson());
        // the custom loss came back as itself, options included
        if (conf.getVertices().get(GraphNames.LOSS) != null) {
            LossLayer loss = (LossLayer) ((LayerVertex) back.getVertices().get(GraphNames.LOSS)).getLayerConf()
                    .getLayer();
            assertEquals(((LossLayer) ((LayerVertex) conf.getVertices().get(GraphNames.LOSS)).getLayerConf()
                    .getLayer()).getLossFn(), loss.getLossFn());
        } else {
            assertInstanceOf(AbsDifferenceVertex.class, back.getVertices().get(GraphNames.ABS_DIFF));
        }
    }

    /**
     * Java serialization (how Spark ships a configuration to its executors): the configuration, its loss or custom
     * vertex included, comes back equal and a network made from it computes what the original computes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void javaSerializationRoundTrip(String kind, boolean conv, ComputationGraphConfiguration conf, int k)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(conf);
        }
        ComputationGraphConfiguration back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (ComputationGraphConfiguration) in.readObject();
        }
        assertEquals(conf, back);
        assertEquals(conf.toJson(), back.toJson());
        ComputationGraph net = SharedWeightsTest.init(conf);
        ComputationGraph copy = new ComputationGraph(back);
        copy.init(net.params().dup(), true);
        MultiDataSet test = data(conv, k, 20);
        assertEquals(net.outputSingle(test.getFeatures()), copy.outputSingle(test.getFeatures()));
        assertEquals(net.score(test), copy.score(test), 0.0);
        net.fit(test);
        copy.fit(test);
        assertEquals(net.params(), copy.params());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void modelSerializerRoundTrip(String kind, boolean conv, ComputationGraphConfiguration conf, int k,
                                  @TempDir File dir) throws IOException {
        ComputationGraph net = SharedWeightsTest.init(conf);
        MultiDataSet train = data(conv, k, 10);
        for (int i = 0; i < 3; i++) {
            net.fit(train); // non-initial parameters and updater state
        }
        File file = new File(dir, kind + ".zip");
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);

        MultiDataSet test = data(conv, k, 20);
        assertEquals(net.getConfiguration(), back.getConfiguration());
        assertEquals(net.params(), back.params());
        assertEquals(net.outputSingle(test.getFeatures()), back.outputSingle(test.getFeatures()));
        assertEquals(net.score(test), back.score(test), 0.0);
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());

        // one more identical step keeps them identical (the updater state came back too)
        net.fit(train);
        back.fit(train);
        assertEquals(net.params(), back.params());
    }

    @Test
    void embeddingModelRoundTrip(@TempDir File dir) throws IOException {
        ComputationGraph net = SharedWeightsTest.init(SiameseGraph.builder().tower(Towers.conv())
                .updater(new Adam(0.05)).l2Normalize(true).build());
        MultiDataSet train = data(true, 2, 30);
        EmbeddingModel before = EmbeddingModel.fromGraph(net, Distance.COSINE);
        INDArray x = Towers.input(true, DataType.FLOAT, 40, B);
        INDArray embBefore = before.embed(x).dup();
        net.fit(train);
        // the model holds a copy: training the source graph afterwards does not change it
        assertEquals(embBefore, before.embed(x));
        EmbeddingModel model = EmbeddingModel.fromGraph(net, Distance.COSINE);
        assertNotEquals(embBefore, model.embed(x));

        File file = new File(dir, "embedding.zip");
        model.save(file);
        EmbeddingModel back = EmbeddingModel.load(file);
        assertEquals(Distance.COSINE, back.getDistance());
        assertEquals(model.embed(x), back.embed(x));
        INDArray y = Towers.input(true, DataType.FLOAT, 41, B);
        assertEquals(model.distance(x, y), back.distance(x, y));
        // l2Normalize(true): the copied tower kept its L2NormalizeVertex
        double[] norms = back.embed(x).norm2(1).toDoubleVector();
        for (double n : norms) {
            assertEquals(1.0, n, 1e-5);
        }
    }
}
