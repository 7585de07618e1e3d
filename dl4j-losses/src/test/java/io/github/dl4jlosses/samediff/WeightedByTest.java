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
 * {@link WeightedBy}: {@code x ⊙ w} against loops for a row weight {@code [B,1]} and a whole-matrix one, the gradient
 * with respect to x against central differences of loops (the weights held fixed), no {@code multiply_bp} in the
 * gradient graph, and a saved graph that loads and computes the same.
 */
class WeightedByTest {
    /** {@code Σ_ij sin(x_ij w_ij + V_ij)} with w a column ({@code [B,1]}) or a matrix, as loops. */
    private static double weightedSines(double[][] x, double[][] w, double[][] v) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                sum += Math.sin(x[i][j] * w[i][w[i].length == 1 ? 0 : j] + v[i][j]);
            }
        }
        return sum;
    }

    @ParameterizedTest(name = "{0}, weights of {1} column(s)")
    @CsvSource({"DOUBLE,1", "DOUBLE,6", "FLOAT,1", "FLOAT,6"})
    void valueAndGradientMatchLoops(DataType type, int weightColumns) {
        INDArray xIn = RandomArrays.gaussian(DataType.DOUBLE, 41, 5, 6);
        INDArray wIn = RandomArrays.gaussian(DataType.DOUBLE, 42, 5, weightColumns).muli(2);
        INDArray vIn = RandomArrays.gaussian(DataType.DOUBLE, 43, 5, 6);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", type, -1, 6);
        SDVariable w = sd.placeHolder("w", type, -1, weightColumns);
        SDVariable v = sd.placeHolder("v", type, -1, 6);
        SDVariable out = WeightedBy.of(sd, x, w);
        sd.setLossVariables(sd.math().sin(out.add(v)).sum("loss"));     // no product of its own
        sd.createGradFunction("x");
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", xIn.castTo(type));
        ph.put("w", wIn.castTo(type));
        ph.put("v", vIn.castTo(type));
        INDArray value = sd.outputSingle(ph, out.name());
        INDArray grad = sd.calculateGradients(ph, "x").get("x");

        double[][] xs = xIn.toDoubleMatrix();
        double[][] ws = wIn.toDoubleMatrix();
        double[][] vs = vIn.toDoubleMatrix();
        double tolerance = type == DataType.FLOAT ? 1e-6 : 1e-15;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 6; j++) {
                double expected = xs[i][j] * ws[i][weightColumns == 1 ? 0 : j];
                assertEquals(expected, value.getDouble(i, j), tolerance * Math.max(1, Math.abs(expected)), i + "," + j);
            }
        }
        double[][] numeric = FiniteDifferences.central(xs, a -> weightedSines(a, ws, vs), 1e-6);
        FiniteDifferences.assertCloseToLargest(numeric, grad.castTo(DataType.DOUBLE).toDoubleMatrix(),
                type == DataType.FLOAT ? 1e-5 : 1e-8, -1);
        assertFalse(OpNames.of(sd.getFunction("grad")).containsKey("multiply_bp"), "no multiply_bp: " + OpNames.of(sd));
    }

    @Test
    void savedGraphLoadsAndComputesTheSame(@TempDir Path dir) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable w = sd.placeHolder("w", DataType.FLOAT, -1, 4);
        SDVariable out = WeightedBy.of(sd, x, w);
        sd.setLossVariables(out.mul(out).sum("loss"));
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", RandomArrays.gaussian(DataType.FLOAT, 44, 3, 4));
        ph.put("w", RandomArrays.gaussian(DataType.FLOAT, 45, 3, 4));
        SavedGraphs.assertLoadsTheSame(sd, ph, out.name(), "x", WeightedBy.class, WeightedBy::register, dir);
    }
}
