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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link RowNorms}: {@code √(Σ_k m_ik²)} against loops, also for rows one wide; the gradient of
 * {@code Σ_i sin(‖m_i‖ + v_i)} against central differences of loops, including a zero row (whose central difference
 * is exactly 0, the subgradient the op gives); a backprop of one floor, one division and one broadcast product (no
 * power, no reduction's backprop); a saved graph that loads and computes the same.
 */
class RowNormsTest {
    private static double sinesOfNorms(double[][] m, double[] v) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            double squares = 0;
            for (double x : m[i]) {
                squares += x * x;
            }
            sum += Math.sin(Math.sqrt(squares) + v[i]);
        }
        return sum;
    }

    @ParameterizedTest(name = "{0}, {1} wide")
    @CsvSource({"DOUBLE,7", "DOUBLE,1", "FLOAT,7", "FLOAT,1"})
    void valueAndGradientMatchLoops(DataType type, int width) {
        INDArray mIn = RandomArrays.gaussian(DataType.DOUBLE, 61, 5, width).muli(0.6);
        mIn.getRow(3).assign(0.0);                                   // an identical pair's difference
        INDArray vIn = RandomArrays.gaussian(DataType.DOUBLE, 62, 5, 1);
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.placeHolder("m", type, -1, width);
        SDVariable v = sd.placeHolder("v", type, -1, 1);
        SDVariable norms = RowNorms.of(sd, m);
        sd.setLossVariables(sd.math().sin(norms.add(v)).sum("loss"));
        sd.createGradFunction("m");
        Map<String, INDArray> ph = Map.of("m", mIn.castTo(type), "v", vIn.castTo(type));
        INDArray value = sd.outputSingle(ph, norms.name());
        INDArray grad = sd.calculateGradients(ph, "m").get("m");

        double[][] ms = mIn.toDoubleMatrix();
        double[] vs = vIn.toDoubleVector();
        assertArrayEquals(new long[]{5, 1}, value.shape());
        for (int i = 0; i < 5; i++) {
            double squares = 0;
            for (double x : ms[i]) {
                squares += x * x;
            }
            double expected = Math.sqrt(squares);
            assertEquals(expected, value.getDouble(i, 0), (type == DataType.FLOAT ? 1e-6 : 1e-15) * (1 + expected));
        }
        assertFalse(grad.isNaN().any() || grad.isInfinite().any(), "a finite gradient, also at the zero row");
        assertEquals(0.0, grad.getRow(3).amaxNumber().doubleValue(), 0.0, "the subgradient 0 at a zero row");
        double[][] numeric = FiniteDifferences.central(ms, a -> sinesOfNorms(a, vs), 1e-6);
        FiniteDifferences.assertCloseToLargest(numeric, grad.castTo(DataType.DOUBLE).toDoubleMatrix(),
                type == DataType.FLOAT ? 1e-5 : 1e-8, -1);
        Map<String, Long> backprop = OpNames.of(sd.getFunction("grad"));
        assertFalse(backprop.containsKey("reduce_norm2_bp") || backprop.keySet().stream()
                .anyMatch(op -> op.equalsIgnoreCase("pow") || op.equals("multiply_bp")), "no power back: " + backprop);
        assertEquals(1L, backprop.get("reduce_sum_bp"), "the loss's own sum only: " + backprop);
    }

    @Test
    void savedGraphLoadsAndComputesTheSame(@TempDir Path dir) {
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.placeHolder("m", DataType.FLOAT, -1, 4);
        SDVariable out = RowNorms.of(sd, m);
        sd.setLossVariables(out.mul(out).mul(out).sum("loss"));
        Map<String, INDArray> ph = Map.of("m", RandomArrays.gaussian(DataType.FLOAT, 63, 3, 4));
        SavedGraphs.assertLoadsTheSame(sd, ph, out.name(), "m", RowNorms.class, RowNorms::register, dir);
    }
}
