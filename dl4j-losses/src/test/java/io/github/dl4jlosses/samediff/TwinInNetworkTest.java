package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A twin is a drop-in {@code ILossFunction}: in a ComputationGraph, in JSON, in a saved model. */
class TwinInNetworkTest {
    private static final int N_IN = 6;
    private static final int B = 8;
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();

    private static MultiDataSet pairs(long seed) {
        INDArray left = RandomArrays.gaussian(DataType.DOUBLE, seed, B, N_IN);
        INDArray right = RandomArrays.gaussian(DataType.DOUBLE, seed + 1, B, N_IN);
        INDArray labels = RandomArrays.binaryLabels(DataType.DOUBLE, seed + 2, B);
        return new MultiDataSet(new INDArray[]{left, right}, new INDArray[]{labels});
    }

    @Test
    void twinGivesTheAnalyticGraphsScoreAndParameterGradient() {
        LossContrastive analytic = LossContrastive.builder().with(LossContrastive.DISTANCE, Distance.EUCLIDEAN)
                .with(LossContrastive.MARGIN_NEGATIVE, 2.0).build();
        ComputationGraph a = SiameseGraphs.network(analytic, N_IN, 7, 3, 0.1, 42);
        ComputationGraph s = SiameseGraphs.network(SameDiffTwins.of(analytic), N_IN, 7, 3, 0.1, 42);
        s.setParams(a.params().dup());
        MultiDataSet data = pairs(5);
        for (ComputationGraph g : new ComputationGraph[]{a, s}) {
            g.setInputs(data.getFeatures());
            g.setLabels(data.getLabels());
            g.computeGradientAndScore();
        }
        assertTrue(a.score() > 0);
        assertEquals(a.score(), s.score(), 1e-12 * a.score());
        INDArray ga = a.gradient().gradient();
        INDArray gs = s.gradient().gradient();
        assertTrue(ga.norm2Number().doubleValue() > 0);
        TwinAgreementTest.assertClose(ga, gs, 1e-10, "parameter gradient");

        a.fit(data);
        s.fit(data);
        TwinAgreementTest.assertClose(a.params(), s.params(), 1e-10, "parameters after one SGD step");
    }

    static List<TwinCase> cases() {
        return TwinCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void twinRoundTripsThroughJsonAndJavaSerialization(TwinCase c) throws Exception {
        ILossFunction twin = c.twin;
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 3, 4, 2);
        double score = twin.computeScore(in[0], in[1], ID, null, true); // graphs built before serializing

        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        String json = mapper.writeValueAsString(twin);
        assertTrue(json.contains("@class") && json.contains(twin.getClass().getName()), json);
        ILossFunction back = mapper.readValue(json, ILossFunction.class);
        assertEquals(twin, back, json);
        assertNotSame(twin, back);
        assertEquals(twin.toString(), back.toString());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
            oos.writeObject(twin);
        }
        Object copy = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertEquals(twin, copy, "Java serialization");
        for (ILossFunction restored : new ILossFunction[]{back, (ILossFunction) copy}) {
            assertEquals(score, restored.computeScore(in[0], in[1], ID, null, true), 1e-12,
                    "a deserialized twin builds its graphs anew");
        }
    }

    @Test
    void graphWithTwinRoundTripsThroughJsonAndModelSerializer() throws Exception {
        SDLossContrastive twin = new SDLossContrastive(LossContrastive.builder()
                .with(LossContrastive.DISTANCE, Distance.SQUARED_EUCLIDEAN)
                .with(LossContrastive.MARGIN_NEGATIVE, 4).build());
        ComputationGraphConfiguration conf = SiameseGraphs.configuration(twin, N_IN, 5, 3, 0.05, 7);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        LayerVertex vertex = (LayerVertex) back.getVertices().get("loss");
        assertEquals(twin, ((LossLayer) vertex.getLayerConf().getLayer()).getLossFn());

        ComputationGraph cg = new ComputationGraph(conf);
        cg.init();
        MultiDataSet data = pairs(11);
        cg.fit(data);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(cg, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(cg.score(data), restored.score(data), 0.0);
        assertTrue(cg.score(data) > 0);
    }
}
