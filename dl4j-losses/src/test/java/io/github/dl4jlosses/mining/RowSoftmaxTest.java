package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RowSoftmax} against a shifted log-sum-exp in double loops, on both ways its diagonal cross-entropy is taken. */
class RowSoftmaxTest {
    private static final int B = 6;
    private static final int M = 9;

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
        double[][] v = RandomArrays.toDouble(x);
        INDArray before = x.dup();
        RowSoftmax rows = RowSoftmax.of(x);
        INDArray lse = rows.logSumExp();
        INDArray ce = rows.diagonalCrossEntropy();
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (int i = 0; i < B; i++) {
            double expected = logSumExp(v[i]);
            assertEquals(expected, lse.getDouble(i, 0), tol * Math.max(1, Math.abs(expected)), "lse row " + i);
            assertEquals(expected - v[i][i], ce.getDouble(i, 0), tol * Math.max(1, Math.abs(expected)), "ce row " + i);
            for (int j = 0; j < M; j++) {
                assertEquals(Math.exp(v[i][j] - expected), rows.softmax.getDouble(i, j), tol, "p " + i + "," + j);
            }
        }
        assertEquals(before, x, "the logits are left as they were");
    }

    /** A diagonal probability below FLOAT's smallest normal number: the cross-entropy comes from the log-sum-exp. */
    @Test
    void underflowedDiagonalInFloatStaysExact() {
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 12, B, M);
        x.putScalar(2, 2, -120.0);
        x.putScalar(4, 4, -95.5);
        double[][] v = RandomArrays.toDouble(x);
        RowSoftmax rows = RowSoftmax.of(x);
        assertTrue(rows.softmax.getDouble(2, 2) < Float.MIN_NORMAL && rows.softmax.getDouble(4, 4) < Float.MIN_NORMAL,
                "the case this test is for: p_22 and p_44 underflow in FLOAT");
        INDArray ce = rows.diagonalCrossEntropy();
        for (int i = 0; i < B; i++) {
            double expected = logSumExp(v[i]) - v[i][i];
            assertEquals(expected, ce.getDouble(i, 0), 1e-5 * Math.max(1, expected), "row " + i);
        }
        assertTrue(ce.getDouble(2, 0) > 120, "row 2 scores its distance to the rest, " + ce.getDouble(2, 0));
    }
}
