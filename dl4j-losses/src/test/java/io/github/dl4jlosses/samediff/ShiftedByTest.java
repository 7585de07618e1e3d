package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.testutil.FiniteDifferences;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link ShiftedBy}: {@code x − c} against loops for a row shift {@code [B,1]} and a whole-matrix one, the gradient
 * with respect to x against central differences of loops (the shift held fixed), no {@code subtract_bp} in the gradient
 * graph (neither of the op nor of the masked log-sum-exp that uses it), and a saved graph that loads and computes the
 * same.
 */
class ShiftedByTest {
    /** {@code Σ_ij W_ij (x_ij − c_ij)²} with c a column ({@code [B,1]}) or a matrix, as loops. */
    private static double weightedSquares(double[][] x, double[][] c, double[][] w) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                double d = x[i][j] - c[i][c[i].length == 1 ? 0 : j];
                sum += w[i][j] * d * d;
            }
        }
        return sum;
    }

    @ParameterizedTest(name = "{0}, shift of {1} column(s)")
    @CsvSource({"DOUBLE,1", "DOUBLE,6", "FLOAT,1", "FLOAT,6"})
    void valueAndGradientMatchLoops(DataType type, int shiftColumns) {
        INDArray xIn = RandomArrays.gaussian(DataType.DOUBLE, 21, 5, 6);
        INDArray cIn = RandomArrays.gaussian(DataType.DOUBLE, 22, 5, shiftColumns).muli(3);
        INDArray wIn = RandomArrays.gaussian(DataType.DOUBLE, 23, 5, 6);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", type, -1, 6);
        SDVariable c = sd.placeHolder("c", type, -1, shiftColumns);
        SDVariable w = sd.placeHolder("w", type, -1, 6);
        SDVariable out = ShiftedBy.of(sd, x, c);
        sd.setLossVariables(out.mul(out).mul(w).sum("loss"));
        sd.createGradFunction("x");
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", xIn.castTo(type));
        ph.put("c", cIn.castTo(type));
        ph.put("w", wIn.castTo(type));
        INDArray value = sd.outputSingle(ph, out.name());
        INDArray grad = sd.calculateGradients(ph, "x").get("x");

        double[][] xs = xIn.toDoubleMatrix();
        double[][] cs = cIn.toDoubleMatrix();
        double[][] ws = wIn.toDoubleMatrix();
        double tolerance = type == DataType.FLOAT ? 1e-6 : 1e-15;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 6; j++) {
                double expected = xs[i][j] - cs[i][shiftColumns == 1 ? 0 : j];
                assertEquals(expected, value.getDouble(i, j), tolerance * Math.max(1, Math.abs(expected)), i + "," + j);
            }
        }
        double[][] numeric = FiniteDifferences.central(xs, v -> weightedSquares(v, cs, ws), 1e-6);
        FiniteDifferences.assertCloseToLargest(numeric, grad.castTo(DataType.DOUBLE).toDoubleMatrix(),
                type == DataType.FLOAT ? 1e-5 : 1e-8, -1);
        assertFalse(OpNames.of(sd.getFunction("grad")).containsKey("subtract_bp"), "no subtract_bp: " + OpNames.of(sd));
    }

    /** The masked log-sum-exp of the row-maximum form shifts twice, and differentiates neither shift. */
    @Test
    void maskedLogSumExpTakesNoSubtractBackprop() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 6);
        SDVariable mask = sd.placeHolder("mask", DataType.FLOAT, -1, 6);
        SDMasks.logSumExp(sd, x, mask, 900.0, true).sum("loss");
        sd.setLossVariables("loss");
        sd.createGradFunction("x");
        Map<String, Long> ops = OpNames.of(sd.getFunction("grad"));
        assertEquals(2L, ops.get(ShiftedBy.NAME), "the masked-out entries' offset and the row maximum: " + ops);
        assertFalse(ops.containsKey("subtract_bp"), "no subtract_bp: " + ops);
    }

    @Test
    void savedGraphLoadsAndComputesTheSame(@TempDir Path dir) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable c = sd.placeHolder("c", DataType.FLOAT, -1, 1);
        SDVariable out = ShiftedBy.of(sd, x, c);
        sd.setLossVariables(out.mul(out).sum("loss"));
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", RandomArrays.gaussian(DataType.FLOAT, 24, 3, 4));
        ph.put("c", RandomArrays.gaussian(DataType.FLOAT, 25, 3, 1));
        SavedGraphs.assertLoadsTheSame(sd, ph, out.name(), "x", ShiftedBy.class, ShiftedBy::register, dir);
    }
}
