package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.testutil.FiniteDifferences;
import io.github.dl4jlosses.testutil.NaiveDistances;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every pair/tuple loss × distance × option × data type, against the naive reference and finite differences. */
class TupleLossValueTest {
    private static final int B = 9;
    private static final int D = 5;
    private static final IActivation TANH = Activation.TANH.getActivationFunction();

    static Stream<Arguments> casesAndTypes() {
        return TupleLossCase.all().stream().flatMap(c -> Stream.of(
                Arguments.of(c, DataType.DOUBLE, false), Arguments.of(c, DataType.DOUBLE, true),
                Arguments.of(c, DataType.FLOAT, false), Arguments.of(c, DataType.FLOAT, true)));
    }

    static Stream<Arguments> casesAndMasks() {
        return TupleLossCase.all().stream().flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    private static INDArray labels(TupleLossCase c, DataType type) {
        return c.binaryLabels ? RandomArrays.binaryLabels(type, 7, B) : Nd4j.zeros(type, B, 1);
    }

    @ParameterizedTest(name = "{0} {1} masked={2}")
    @MethodSource("casesAndTypes")
    void scoreArrayMatchesNaivePerRowLoop(TupleLossCase c, DataType type, boolean masked) {
        INDArray pre = RandomArrays.gaussian(type, 11, B, c.blocks * D);
        INDArray labels = labels(c, type);
        INDArray mask = masked ? RandomArrays.maskWithHoles(type, B) : null;

        INDArray perRow = c.loss.computeScoreArray(labels, pre, TANH, mask);
        assertEquals(type, perRow.dataType(), "work stays in the input's data type");
        assertArrayEquals2(new long[]{B, 1}, perRow.shape());

        double[][] out = RandomArrays.toDouble(Transforms.tanh(pre.castTo(DataType.DOUBLE), true));
        double[][] y = RandomArrays.toDouble(labels);
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-4;
        double sum = 0;
        int active = 0;
        for (int i = 0; i < B; i++) {
            double[][] blocks = new double[c.blocks][];
            for (int b = 0; b < c.blocks; b++) blocks[b] = NaiveDistances.block(out[i], b, D);
            double expected = (masked && (i == 1 || i == B - 1)) ? 0 : c.naive.of(blocks, y[i][0]);
            if (expected > 0) active++;
            sum += expected;
            assertEquals(expected, perRow.getDouble(i, 0), tol * Math.max(1, Math.abs(expected)), "row " + i);
        }
        assertTrue(active > 0, "the case should have rows with a positive loss, or it tests nothing");
        assertEquals(sum / B, c.loss.computeScore(labels, pre, TANH, mask, true), tol * Math.max(1, sum));
        assertEquals(sum, c.loss.computeScore(labels, pre, TANH, mask, false), tol * Math.max(1, sum));

        Pair<Double, INDArray> both = c.loss.computeGradientAndScore(labels, pre, TANH, mask, true);
        assertEquals(sum / B, both.getFirst(), tol * Math.max(1, sum));
        INDArray grad = c.loss.computeGradient(labels, pre, TANH, mask);
        assertEquals(type, grad.dataType());
        assertTrue(grad.equalsWithEps(both.getSecond(), tol));
    }

    @ParameterizedTest(name = "{0} masked={1}")
    @MethodSource("casesAndMasks")
    void gradientMatchesFiniteDifferencesThroughTanh(TupleLossCase c, boolean masked) {
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 23, B, c.blocks * D);
        INDArray labels = labels(c, DataType.DOUBLE);
        INDArray mask = masked ? RandomArrays.maskWithHoles(DataType.DOUBLE, B) : null;

        INDArray analytic = c.loss.computeGradient(labels, pre, TANH, mask);
        FiniteDifferences.Result r = FiniteDifferences.compare(analytic,
                FiniteDifferences.numericGradient(c.loss, labels, pre, TANH, mask));
        assertTrue(r.maxRelError <= 1e-6, c + ": " + r);
        assertTrue(r.maxAbsGradient > 1e-3, c + ": gradient is all zeros, the check would prove nothing");
        if (masked) {
            assertEquals(0.0, analytic.getRow(1).norm1Number().doubleValue(), 0.0, "masked row 1 gets no gradient");
            assertEquals(0.0, analytic.getRow(B - 1).norm1Number().doubleValue(), 0.0, "masked last row gets no gradient");
        }
        assertFalse(analytic.isNaN().any());
    }

    private static void assertArrayEquals2(long[] expected, long[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
