package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-batch and mined losses inside a DL4J network: DL4J's own {@code GradientCheckUtil} on
 * Dense(tanh) → LossLayer(loss) (with and without a label mask), and JSON round trips of a
 * {@code MultiLayerConfiguration} holding each loss and of each loss alone.
 */
class BatchLossNetworkTest {
    private static final int B = 8;
    private static final int N_IN = 3;
    private static final int D = 3;
    private static DataType previousType;
    private static DataType previousFloatType;

    @BeforeAll
    static void doublePrecision() {
        previousType = Nd4j.dataType();
        previousFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(previousType, previousFloatType);
    }

    /** One network per loss and mining strategy; the full option grid is covered by BatchLossValueTest. */
    static Stream<Arguments> networkCases() {
        return Stream.of(
                Arguments.of(LossGeneralizedTriplet.builder()
                        .with(LossGeneralizedTriplet.MARGIN, 1.5).build(), true, false),
                Arguments.of(LossGeneralizedTriplet.builder().with(LossGeneralizedTriplet.MARGIN, 0.5)
                        .with(LossGeneralizedTriplet.DISTANCE, Distance.COSINE)
                        .with(LossGeneralizedTriplet.USE_CLASS_IDS, false).build(), true, true),
                Arguments.of(LossNPair.builder().with(LossNPair.LAMBDA, 0.1).build(), true, true),
                Arguments.of(LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, 0.5)
                        .with(LossInfoNCE.SYMMETRIC, true).build(), true, true),
                Arguments.of(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.ALL)
                        .with(LossBatchTriplet.MARGIN, 0.6).build(), false, true),
                Arguments.of(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                        .with(LossBatchTriplet.SOFT_MARGIN, true).build(), false, false),
                Arguments.of(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.SEMI_HARD)
                        .with(LossBatchTriplet.MARGIN, 0.6).build(), false, true),
                Arguments.of(LossMultiSimilarity.builder().with(LossMultiSimilarity.BETA, 10).build(), false, true));
    }

    private static MultiLayerConfiguration config(ILossFunction loss, boolean pairBatch) {
        return new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(12345)
                .updater(new NoOp())
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(N_IN).nOut(pairBatch ? 2 * D : D).activation(Activation.TANH).build())
                .layer(new LossLayer.Builder(loss).activation(Activation.IDENTITY).build())
                .build();
    }

    @ParameterizedTest(name = "{0} labelMask={2}")
    @MethodSource("networkCases")
    void gradientCheckUtilPasses(ILossFunction loss, boolean pairBatch, boolean labelMask) {
        MultiLayerNetwork net = new MultiLayerNetwork(config(loss, pairBatch));
        net.init();
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 5, B, N_IN).muli(2);
        INDArray y = RandomArrays.classIds(DataType.DOUBLE, 6, B, 3);
        INDArray mask = labelMask ? RandomArrays.maskWithHoles(DataType.DOUBLE, B) : null;

        net.setInput(x);
        net.setLabels(y);
        net.setLayerMaskArrays(null, mask);
        net.computeGradientAndScore();
        assertTrue(net.score() > 0, loss + ": the check needs a positive loss to mean something, got " + net.score());
        assertTrue(net.gradient().gradient().norm2Number().doubleValue() > 1e-4, loss + ": gradient is all zeros");

        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .labelMask(mask).epsilon(1e-6).maxRelError(1e-6).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, loss + ": DL4J gradient check failed");
    }

    static Stream<ILossFunction> allLosses() {
        return BatchLossCase.all().stream().map(c -> c.loss);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLosses")
    void jsonRoundTrip(ILossFunction loss) throws Exception {
        boolean pairBatch = loss instanceof PairBatchLoss;
        MultiLayerConfiguration conf = config(loss, pairBatch);
        String json = conf.toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        ILossFunction restored = ((LossLayer) back.getConf(1).getLayer()).getLossFn();
        assertEquals(loss, restored);
        assertNotSame(loss, restored);
        assertEquals(loss.hashCode(), restored.hashCode());
        assertEquals(loss.toString(), restored.toString());

        String alone = NeuralNetConfiguration.mapper().writeValueAsString(loss);
        assertTrue(alone.contains(loss.getClass().getName()), alone);
        assertFalse(alone.toLowerCase().contains("warning"), "runtime state must not be serialized: " + alone);
        assertEquals(loss, NeuralNetConfiguration.mapper().readValue(alone, ILossFunction.class));
    }
}
