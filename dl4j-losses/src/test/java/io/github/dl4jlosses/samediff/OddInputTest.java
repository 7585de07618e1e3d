package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Odd shapes and types: width-0 and width-1 embeddings, a mask that leaves one row, integer and boolean labels,
 * HALF embeddings large enough to overflow — for every loss and twin: a result that agrees between the two, or a
 * clear IllegalArgumentException, never an ND4J error or a NaN.
 */
class OddInputTest {
    private static final IActivation TANH = Activation.TANH.getActivationFunction();

    static Stream<ILossFunction> everyLoss() {
        return NonFiniteInputTest.oneCasePerLoss().stream().flatMap(c -> Stream.of(c.analytic, c.twin));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyLoss")
    void widthZeroIsAClearError(ILossFunction loss) {
        INDArray empty = Nd4j.create(DataType.FLOAT, 8, 0);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 1);
        String m = assertThrows(IllegalArgumentException.class,
                () -> loss.computeGradientAndScore(labels, empty, TANH, null, true)).getMessage();
        assertTrue(m.startsWith(loss.name() + ":") && m.contains("[8, 0]") && m.contains("width 0"), m);
    }

    @Test
    void integerAndBooleanContrastiveLabelsAreCast() {
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 1, 6, 8);
        INDArray labels = RandomArrays.binaryLabels(DataType.DOUBLE, 2, 6);
        for (ILossFunction loss : new ILossFunction[]{new LossContrastive(), new SDLossContrastive()}) {
            Pair<Double, INDArray> expected = loss.computeGradientAndScore(labels, pre, TANH, null, true);
            for (DataType type : new DataType[]{DataType.INT32, DataType.INT64, DataType.BOOL}) {
                Pair<Double, INDArray> got = loss.computeGradientAndScore(labels.castTo(type), pre, TANH, null, true);
                assertEquals(expected.getFirst(), got.getFirst(), 1e-12, loss.name() + " " + type);
                assertEquals(expected.getSecond(), got.getSecond(), loss.name() + " " + type);
            }
            INDArray two = labels.castTo(DataType.INT32);
            two.putScalar(3, 0, 2);
            String m = assertThrows(IllegalArgumentException.class,
                    () -> loss.computeScore(two, pre, TANH, null, true)).getMessage();
            assertTrue(m.contains(loss.name()) && m.contains("0 or 1") && m.contains("got 2.0 at row 3"), m);
        }
    }

    private static void assertAgree(TwinCase c, INDArray labels, INDArray pre, INDArray mask, String what) {
        Pair<Double, INDArray> a = c.analytic.computeGradientAndScore(labels, pre, TANH, mask, true);
        Pair<Double, INDArray> t = c.twin.computeGradientAndScore(labels, pre, TANH, mask, true);
        assertTrue(Double.isFinite(a.getFirst()), what + ": finite score");
        assertEquals(a.getFirst(), t.getFirst(), 1e-10 * Math.max(1, Math.abs(a.getFirst())), what + ": score");
        assertEquals(0.0, a.getSecond().sub(t.getSecond()).norm2Number().doubleValue(),
                1e-10 * Math.max(1, a.getSecond().norm2Number().doubleValue()), what + ": gradient");
    }

    static java.util.List<TwinCase> oneCasePerLoss() {
        return NonFiniteInputTest.oneCasePerLoss();
    }

    /** Width-1 embeddings: the analytic loss works; the twin refuses them clearly (an ND4J M2.1 limit). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void embeddingsOfWidthOne(TwinCase c) {
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 4, 6, 1);
        Pair<Double, INDArray> r = c.analytic.computeGradientAndScore(in[0], in[1], TANH, null, true);
        assertTrue(Double.isFinite(r.getFirst()) && !r.getSecond().isNaN().any(), c.analytic + " at D = 1");
        String m = assertThrows(IllegalArgumentException.class,
                () -> c.twin.computeGradientAndScore(in[0], in[1], TANH, null, true)).getMessage();
        assertTrue(m.startsWith(c.twin.name() + ":") && m.contains("width >= 2"), m);
    }

    static java.util.List<TwinCase> allCases() {
        return TwinCase.all();
    }

    static java.util.List<TwinCase> tupleCases() {
        return TwinCase.all().stream()
                .filter(c -> !c.twin.masksRemoveRows())
                .collect(java.util.stream.Collectors.toList());
    }

    /** A batch of one pair or tuple: SameDiff's broadcast backprop at B = 1 once differed from the analytic one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tupleCases")
    void oneRowBatchesAgree(TwinCase c) {
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 4, 1, 3);
        assertAgree(c, in[0], in[1], null, "B = 1");
    }

    static java.util.List<TwinCase> batchCases() {
        return oneCasePerLoss().stream()
                .filter(c -> c.twin.masksRemoveRows())
                .collect(java.util.stream.Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batchCases")
    void aMaskThatLeavesOneRowScoresZero(TwinCase c) {
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 4, 6, 3);
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, 6, 1).putScalar(3, 0, 1.0);
        assertAgree(c, in[0], in[1], mask, "one kept row");
        assertEquals(0.0, c.analytic.computeScore(in[0], in[1], TANH, mask, true), 0.0);
        assertEquals(0.0, c.analytic.computeGradient(in[0], in[1], TANH, mask).norm2Number().doubleValue(), 0.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batchCases")
    void integerAndBooleanClassLabelsAreCast(TwinCase c) {
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 4, 6, 3);
        Pair<Double, INDArray> expected = c.analytic.computeGradientAndScore(in[0], in[1], TANH, null, true);
        DataType[] types = in[0].size(1) == 1 ? new DataType[]{DataType.INT32, DataType.INT64}
                : new DataType[]{DataType.INT32, DataType.BOOL};   // class ids, or one-hot rows
        for (DataType type : types) {
            for (ILossFunction loss : new ILossFunction[]{c.analytic, c.twin}) {
                Pair<Double, INDArray> got = loss.computeGradientAndScore(in[0].castTo(type), in[1], TANH, null, true);
                assertEquals(expected.getFirst(), got.getFirst(), 1e-10, loss.name() + " " + type);
                assertEquals(0.0, expected.getSecond().sub(got.getSecond()).norm2Number().doubleValue(), 1e-9,
                        loss.name() + " " + type);
            }
        }
    }

    /** Embeddings of 1e4 in HALF: a finite result, or an error that says HALF overflowed — never NaN or Inf. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyLoss")
    void halfOverflowIsAClearErrorNeverNaN(ILossFunction loss) {
        TwinCase c = NonFiniteInputTest.oneCasePerLoss().stream()
                .filter(x -> x.analytic == loss || x.twin == loss).findFirst().orElseThrow();
        INDArray[] in = c.inputs.make(DataType.HALF, 4, 6, 3);
        INDArray huge = in[1].mul(1e4);
        IActivation id = Activation.IDENTITY.getActivationFunction();
        try {
            Pair<Double, INDArray> r = loss.computeGradientAndScore(in[0], huge, id, null, true);
            assertTrue(Double.isFinite(r.getFirst()), "score " + r.getFirst());
            assertTrue(Double.isFinite(r.getSecond().castTo(DataType.DOUBLE).sumNumber().doubleValue()), "gradient");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith(loss.name() + ":") && e.getMessage().contains("overflowed")
                    && e.getMessage().contains("FLOAT"), e.getMessage());
        }
    }

    @Test
    void contrastiveOnLargeHalfEmbeddingsSaysItOverflowed() {
        INDArray pre = RandomArrays.gaussian(DataType.HALF, 1, 6, 8).muli(1e4);
        INDArray labels = RandomArrays.binaryLabels(DataType.HALF, 2, 6);
        for (ILossFunction loss : new ILossFunction[]{new LossContrastive(), new SDLossContrastive()}) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> loss.computeScore(labels, pre, Activation.IDENTITY.getActivationFunction(), null, true))
                    .getMessage();
            assertTrue(m.contains("overflowed") && m.contains("HALF"), m);
        }
    }
}
