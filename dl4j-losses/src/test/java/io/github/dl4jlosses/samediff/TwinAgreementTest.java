package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analytic loss and its SameDiff twin give the same per-row scores, score and gradient w.r.t.
 * preOutput (through tanh), with and without a mask: relative difference ≤ 1e-10 in DOUBLE and ≤ 1e-4
 * in FLOAT. Every registered case ({@link TwinCase#all()}) runs, so a new loss is covered once registered.
 */
class TwinAgreementTest {
    private static final int B = 9;
    private static final int D = 5;
    private static final IActivation TANH = Activation.TANH.getActivationFunction();

    static Stream<Arguments> cases() {
        // FLOAT runs masked only: the unmasked path is the same code, covered in DOUBLE; this keeps the suite fast.
        return TwinCase.all().stream().flatMap(c -> Stream.of(
                Arguments.of(c, DataType.DOUBLE, false), Arguments.of(c, DataType.DOUBLE, true),
                Arguments.of(c, DataType.FLOAT, true)));
    }

    private static double tolerance(DataType type) {
        return type == DataType.DOUBLE ? 1e-10 : 1e-4;
    }

    @ParameterizedTest(name = "{0} {1} masked={2}")
    @MethodSource("cases")
    void twinAgreesWithAnalyticLoss(TwinCase c, DataType type, boolean masked) {
        INDArray[] in = c.inputs.make(type, 31, B, D);
        INDArray labels = in[0];
        INDArray pre = in[1];
        INDArray mask = masked ? RandomArrays.maskWithHoles(type, B) : null;
        double tol = tolerance(type);

        INDArray rowsA = c.analytic.computeScoreArray(labels, pre, TANH, mask);
        INDArray rowsS = c.twin.computeScoreArray(labels, pre, TANH, mask);
        assertEquals(type, rowsS.dataType(), "the twin works in the input's data type");
        assertArrayEquals(rowsA.shape(), rowsS.shape());
        assertClose(rowsA, rowsS, tol, "per-row scores");
        double sumA = rowsA.sumNumber().doubleValue();
        assertTrue(sumA > 0, "some row must have a positive loss, or nothing is compared");
        INDArray gradA = c.analytic.computeGradient(labels, pre, TANH, mask);
        assertTrue(Transforms.abs(gradA, true).maxNumber().doubleValue() > 0, "a zero gradient compares nothing");

        Pair<Double, INDArray> both = c.twin.computeGradientAndScore(labels, pre, TANH, mask, true);
        assertEquals(sumA / B, both.getFirst(), tol * sumA / B, "score average=true");
        INDArray gradS = both.getSecond();
        assertEquals(type, gradS.dataType());
        assertArrayEquals(pre.shape(), gradS.shape());
        assertClose(gradA, gradS, tol, "gradient of computeGradientAndScore");
        if (type == DataType.DOUBLE && !masked) {
            // The other entry points share the same code path; once per case is enough.
            assertEquals(c.analytic.computeScore(labels, pre, TANH, mask, true), sumA / B, tol * sumA,
                    "the analytic score is the mean of its rows");
            assertEquals(sumA, c.twin.computeScore(labels, pre, TANH, mask, false), tol * sumA, "score average=false");
            assertClose(gradA, c.twin.computeGradient(labels, pre, TANH, mask), tol, "gradient of computeGradient");
        }
        if (masked) {
            for (int row : new int[]{1, B - 1}) {
                assertEquals(0.0, rowsS.getDouble(row, 0), "masked row " + row + " scores 0");
                assertEquals(0.0, Transforms.abs(gradS.getRow(row), true).maxNumber().doubleValue(),
                        "masked row " + row + " has a zero gradient");
            }
        }
    }

    /** max |expected − actual| ≤ tol · max |expected|: relative to the array's scale. */
    static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        double scale = Transforms.abs(e, true).maxNumber().doubleValue();
        double diff = Transforms.abs(e.sub(a), false).maxNumber().doubleValue();
        assertTrue(diff <= tol * scale, () -> what + ": max difference " + diff + " exceeds " + tol + " × " + scale
                + "\nexpected " + e + "\nactual   " + a);
    }
}
