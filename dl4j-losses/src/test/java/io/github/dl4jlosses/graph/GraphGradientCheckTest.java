package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's GradientCheckUtil (central differences of the network score w.r.t. every parameter, in double) on
 * each graph kind, with a dense and a convolutional tower. The shared tower's gradient is the sum over its
 * branches, so these checks also test that the stack/unstack wiring accumulates both (or all k) branches.
 */
class GraphGradientCheckTest {
    private static final int B = 4;
    private static DataType savedDefault;
    private static DataType savedFloat;

    @BeforeAll
    static void doublePrecision() {
        savedDefault = Nd4j.dataType();
        savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(savedDefault, savedFloat);
    }

    private static <T extends SharedTowerBuilder<T>> T common(T b, boolean conv) {
        return b.tower(Towers.of(conv)).updater(new NoOp()).dataType(DataType.DOUBLE).seed(7);
    }

    private static INDArray[] inputs(boolean conv, int k) {
        INDArray[] in = new INDArray[k];
        for (int i = 0; i < k; i++) {
            in[i] = Towers.input(conv, DataType.DOUBLE, 100 + i, B);
        }
        return in;
    }

    private static void check(ComputationGraphConfiguration conf, INDArray[] inputs, INDArray labels) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(inputs).labels(new INDArray[]{labels})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check failed for " + conf.getVertices().keySet());
    }

    @ParameterizedTest(name = "conv={0}")
    @ValueSource(booleans = {false, true})
    void siamese(boolean conv) {
        check(common(SiameseGraph.builder(), conv).build(), inputs(conv, 2),
                RandomArrays.binaryLabels(DataType.DOUBLE, 1, B));
    }

    /** Dense only: the conv tower meets L2 normalisation in multiSampleTriplet and weight decay in koch. */
    @Test
    void siameseWithL2NormalizeAndWeightDecay() {
        check(common(SiameseGraph.builder(), false).l2Normalize(true).l2(0.05).build(), inputs(false, 2),
                RandomArrays.binaryLabels(DataType.DOUBLE, 2, B));
    }

    @ParameterizedTest(name = "conv={0}")
    @ValueSource(booleans = {false, true})
    void triplet(boolean conv) {
        // margin 2 keeps every triplet active (no hinge kink near the evaluation point)
        check(common(TripletGraph.builder(), conv).loss(LossTriplet.builder()
                .with(LossTriplet.MARGIN, 2.0).build()).build(),
                inputs(conv, 3), Nd4j.zeros(DataType.DOUBLE, B, 1));
    }

    @ParameterizedTest(name = "conv={0}")
    @ValueSource(booleans = {false, true})
    void multiSampleTriplet(boolean conv) {
        ComputationGraphConfiguration conf = common(TripletGraph.builder(), conv).positives(2).negatives(3)
                .l2Normalize(true)
                .loss(LossMultiSampleTriplet.builder().with(LossMultiSampleTriplet.POSITIVES, 2)
                .with(LossMultiSampleTriplet.NEGATIVES, 3).with(LossMultiSampleTriplet.MARGIN, 2.0).build()).build();
        check(conf, inputs(conv, 6), Nd4j.zeros(DataType.DOUBLE, B, 1));
    }

    @ParameterizedTest(name = "conv={0}")
    @ValueSource(booleans = {false, true})
    void koch(boolean conv) {
        check(common(KochSiameseGraph.builder(), conv).l2(0.01).build(), inputs(conv, 2),
                RandomArrays.binaryLabels(DataType.DOUBLE, 3, B));
    }

    /** A [B,1]-labelled loss on the single tower's [B, D] output (LossTriplet reads D=3 as three 1-wide blocks). */
    @ParameterizedTest(name = "conv={0}")
    @ValueSource(booleans = {false, true})
    void singleInput(boolean conv) {
        check(common(SingleInputGraph.builder(), conv).loss(LossTriplet.builder()
                .with(LossTriplet.MARGIN, 2.0).build()).build(),
                inputs(conv, 1), RandomArrays.classIds(DataType.DOUBLE, 4, B, 2));
    }
}
