package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.VectorRows;
import io.github.dl4jlosses.testutil.HostKernels;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RowSoftmax} against a shifted log-sum-exp in double loops, on both ways its diagonal cross-entropy is taken,
 * with libnd4j's softmax ({@link RowSoftmaxOnHostTest}: the same on the host's vector kernel, where the JVM has the Vector
 * API; {@link RowSoftmaxPlainTest}: on its plain loops).
 */
@ExtendWith(HostKernels.class)
class RowSoftmaxTest {
    private static final int B = 6;
    private static final int M = 9;
    /** e^−50 up to FLOAT's rounding: the most a raised entry's probability may be. */
    private static final double RAISED_AT_MOST = Math.exp(-50) * (1 + 1e-6);

    /**
     * The softmax this class's tests take: libnd4j's op ({@link RowSoftmaxOnHostTest}: {@link VectorRows}' vector kernel,
     * {@link RowSoftmaxPlainTest}: its plain loops).
     */
    String route() {
        return "libnd4j";
    }

    @BeforeEach
    void chooseSoftmax() {
        HostKernels.useHostPassRoute(route());
    }

    /** Stable {@code log Σ_j exp(x_ij)} in double. */
    private static double logSumExp(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) max = Math.max(max, v);
        double sum = 0;
        for (double v : row) sum += Math.exp(v - max);
        return max + Math.log(sum);
    }

    @ParameterizedTest(name = "{0} scale {1}")
    @CsvSource({"DOUBLE,1", "DOUBLE,40", "FLOAT,1", "FLOAT,8"})
    void matchesLoops(DataType type, double scale) {
        INDArray x = RandomArrays.gaussian(type, 11, B, M).muli(scale);
        INDArray before = x.dup();
        assertMatchesLoops(RowSoftmax.of(x), RandomArrays.toDouble(x));
        assertEquals(before, x, "the logits are left as they were");
    }

    /**
     * Log-sum-exp, diagonal cross-entropy and softmax against the loops on {@code v}, to the type's rounding; a
     * probability under e^−50 may be anything in [0, e^−50] (where {@link RowSoftmax#ofUnbounded} raised its logit).
     */
    private static void assertMatchesLoops(RowSoftmax rows, double[][] v) {
        INDArray lse = rows.logSumExp();
        INDArray ce = rows.diagonalCrossEntropy();
        double tol = rows.logits.dataType() == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (int i = 0; i < v.length; i++) {
            double expected = logSumExp(v[i]);
            double rowTol = tol * Math.max(1, Math.abs(expected));
            assertEquals(expected, lse.getDouble(i, 0), rowTol, "lse row " + i);
            assertEquals(expected - v[i][i], ce.getDouble(i, 0), rowTol, "ce row " + i);
            for (int j = 0; j < v[i].length; j++) {
                double p = Math.exp(v[i][j] - expected);
                double got = rows.softmax.getDouble(i, j);
                if (p < Math.exp(-RowSoftmax.RAISED_GAP)) {
                    assertTrue(got >= 0 && got <= RAISED_AT_MOST, "p " + i + "," + j + ": " + got);
                } else {
                    assertEquals(p, got, tol, "p " + i + "," + j);
                }
            }
        }
    }

    /**
     * Diagonal probabilities below FLOAT's smallest normal number: their rows' cross-entropy comes from the
     * log-sum-exp, gathered for those rows alone while they are at most one in four (2 of 12 rows) and taken over
     * every row beyond (2 of 6, 5 of 12), with the same values.
     */
    @ParameterizedTest(name = "{0} rows, {1} underflowed")
    @CsvSource({"12,1", "12,2", "6,2", "12,5"})
    void underflowedDiagonalInFloatStaysExact(int b, int underflowed) {
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 12, b, M + b);
        for (int k = 0; k < underflowed; k++) {
            int row = 2 * k + 1;
            x.putScalar(row, row, -95.5 - 10 * k);
        }
        double[][] v = RandomArrays.toDouble(x);
        RowSoftmax rows = RowSoftmax.of(x);
        long below = ClassLabels.diagonal(rows.softmax).lt(Float.MIN_NORMAL).castTo(DataType.INT32).sumNumber().longValue();
        assertEquals(underflowed, below, "the case this test is for: that many p_ii underflow in FLOAT");
        INDArray ce = rows.diagonalCrossEntropy();
        for (int i = 0; i < b; i++) {
            double expected = logSumExp(v[i]) - v[i][i];
            assertEquals(expected, ce.getDouble(i, 0), 1e-5 * Math.max(1, expected), "row " + i);
        }
        assertTrue(ce.getDouble(1, 0) > 95, "row 1 scores its distance to the rest, " + ce.getDouble(1, 0));
    }

    /**
     * {@link RowSoftmax#ofUnbounded} where a row's largest logit lies beyond the 64 columns it samples, so far above
     * them that the diagonal's probability underflows after raising: that row's cross-entropy is gathered and exact
     * (on the oneDNN natives, where nothing is raised, the same).
     */
    @Test
    void unboundedRowWhoseLargestLiesBeyondTheSample() {
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 16, 40, 200).muli(40);
        x.putScalar(3, 150, x.get(NDArrayIndex.point(3), NDArrayIndex.interval(0, 64)).maxNumber().doubleValue() + 100);
        RowSoftmax rows = RowSoftmax.ofUnbounded(x);
        assertTrue(rows.softmax.getDouble(3, 3) < Float.MIN_NORMAL, "the case this test is for: p_33 underflows");
        assertMatchesLoops(rows, RandomArrays.toDouble(x));
    }

    /**
     * {@link RowSoftmax#ofUnbounded} against the loops, on rows narrower and wider than the 64 columns it samples,
     * logits of narrow and of FLOAT-exceeding range (raised there), and a diagonal far below its row (raised with the
     * rest: its cross-entropy adds back what it was raised by).
     */
    @ParameterizedTest(name = "{0} {1}x{2} scale {3}")
    @CsvSource({"FLOAT,6,9,1", "FLOAT,6,9,40", "FLOAT,40,200,1", "FLOAT,40,200,40", "FLOAT,40,200,3e6",
            "DOUBLE,40,200,40"})
    void unboundedMatchesLoops(DataType type, int b, int m, double scale) {
        INDArray x = RandomArrays.gaussian(type, 13, b, m).muli(scale);
        x.putScalar(1, 1, x.getDouble(1, 1) - 50 * scale);
        INDArray before = x.dup();
        RowSoftmax rows = RowSoftmax.ofUnbounded(x);
        assertMatchesLoops(rows, RandomArrays.toDouble(x));
        assertTrue(rows.diagonalCrossEntropy().getDouble(1, 0) > 40 * scale, "row 1 scores its diagonal far below the rest");
        assertEquals(before, x, "the logits are left as they were");
    }

    /**
     * The case {@link RowSoftmax#ofUnbounded} is for: logits spanning more than FLOAT's exponent range, where the plain
     * softmax has probabilities under the smallest normal number (slow to compute) and the raised one none. Not on
     * ND4J's oneDNN natives or the host's softmax, vectorised, which the method leaves alone.
     */
    @Test
    void unboundedLeavesNoSubnormalProbability() {
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 14, 32, 32).muli(60);
        Assumptions.assumeFalse(RowSoftmax.viaOneDnn(x), "oneDNN's softmax: ofUnbounded takes it as it is");
        Assumptions.assumeFalse(VectorRows.acceptsOnHost(x), "the host's softmax: ofUnbounded takes it as it is");
        INDArray plain = RowSoftmax.of(x).softmax;
        long subnormal = plain.lt(Float.MIN_NORMAL).castTo(DataType.FLOAT).sumNumber().longValue();
        assertTrue(subnormal > 32, "the case this test is for: " + subnormal + " probabilities under FLOAT's normal range");
        INDArray raised = RowSoftmax.ofUnbounded(x).softmax;
        assertTrue(raised.minNumber().doubleValue() >= Float.MIN_NORMAL, "smallest " + raised.minNumber());
        double largest = raised.sub(plain).amaxNumber().doubleValue();
        assertTrue(largest <= RAISED_AT_MOST, "every probability within e^-50 of the plain softmax's, " + largest);
    }

    /** Logits of a narrow range, and wide ones outside the probed 16×64 corner: the plain softmax, bit for bit. */
    @Test
    void unboundedLeavesNarrowLogitsToThePlainSoftmax() {
        INDArray narrow = RandomArrays.gaussian(DataType.FLOAT, 15, 40, 200).muli(8);
        assertEquals(RowSoftmax.of(narrow).softmax, RowSoftmax.ofUnbounded(narrow).softmax);
        INDArray wideBelow = narrow.dup();
        wideBelow.get(NDArrayIndex.interval(16, 40), NDArrayIndex.all()).muli(20);
        assertEquals(RowSoftmax.of(wideBelow).softmax, RowSoftmax.ofUnbounded(wideBelow).softmax);
    }
}
