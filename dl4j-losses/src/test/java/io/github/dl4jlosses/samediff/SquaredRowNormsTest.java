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
 * {@link SquaredRowNorms}: {@code Σ_k m_ik²} against loops, also for rows one wide (which SameDiff's own reductions
 * cannot take, see {@code RowSums}); the gradient of {@code Σ_i sin(‖m_i‖² + v_i)} against central differences of
 * loops; a backprop of one broadcast product, without {@code multiply_bp} or a reduction's backprop; a saved graph that
 * loads and computes the same.
 */
class SquaredRowNormsTest {
    private static double sinesOfNorms(double[][] m, double[] v) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            double norm = 0;
            for (double x : m[i]) {
                norm += x * x;
            }
            sum += Math.sin(norm + v[i]);
        }
        return sum;
    }

    @ParameterizedTest(name = "{0}, {1} wide")
    @CsvSource({"DOUBLE,7", "DOUBLE,1", "FLOAT,7", "FLOAT,1"})
    void valueAndGradientMatchLoops(DataType type, int width) {
        INDArray mIn = RandomArrays.gaussian(DataType.DOUBLE, 51, 5, width).muli(0.6);
        INDArray vIn = RandomArrays.gaussian(DataType.DOUBLE, 52, 5, 1);
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.placeHolder("m", type, -1, width);
        SDVariable v = sd.placeHolder("v", type, -1, 1);
        SDVariable norms = SquaredRowNorms.of(sd, m);
        sd.setLossVariables(sd.math().sin(norms.add(v)).sum("loss"));
        sd.createGradFunction("m");
        Map<String, INDArray> ph = Map.of("m", mIn.castTo(type), "v", vIn.castTo(type));
        INDArray value = sd.outputSingle(ph, norms.name());
        INDArray grad = sd.calculateGradients(ph, "m").get("m");

        double[][] ms = mIn.toDoubleMatrix();
        double[] vs = vIn.toDoubleVector();
        assertArrayEquals(new long[]{5, 1}, value.shape());
        for (int i = 0; i < 5; i++) {
            double expected = 0;
            for (double x : ms[i]) {
                expected += x * x;
            }
            assertEquals(expected, value.getDouble(i, 0), (type == DataType.FLOAT ? 1e-6 : 1e-15) * (1 + expected));
        }
        double[][] numeric = FiniteDifferences.central(ms, a -> sinesOfNorms(a, vs), 1e-6);
        FiniteDifferences.assertCloseToLargest(numeric, grad.castTo(DataType.DOUBLE).toDoubleMatrix(),
                type == DataType.FLOAT ? 1e-5 : 1e-8, -1);
        Map<String, Long> backprop = OpNames.of(sd.getFunction("grad"));
        assertFalse(backprop.containsKey("multiply_bp") || backprop.containsKey("reduce_sqnorm_bp"),
                "one broadcast product back: " + backprop);
        assertEquals(1L, backprop.get("reduce_sum_bp"), "the loss's own sum only: " + backprop);
    }

    @Test
    void savedGraphLoadsAndComputesTheSame(@TempDir Path dir) {
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.placeHolder("m", DataType.FLOAT, -1, 4);
        SDVariable out = SquaredRowNorms.of(sd, m);
        sd.setLossVariables(out.mul(out).sum("loss"));
        Map<String, INDArray> ph = Map.of("m", RandomArrays.gaussian(DataType.FLOAT, 53, 3, 4));
        SavedGraphs.assertLoadsTheSame(sd, ph, out.name(), "m", SquaredRowNorms.class, SquaredRowNorms::register,
                dir);
    }
}
