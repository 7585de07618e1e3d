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
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link RowLogSumExp} under both forms of {@link SDMasks}'s masked log-sum-exp (one constant shift for logits in a
 * known range, the row maximum otherwise), with and without the extra 0 logit: the gradient of
 * {@code Σ_i w_i lse_i(x)} against central differences of loops in DOUBLE, the backprop's ops (one product, no
 * exponential computed again, no row sum's, mask's or floor's backprop), and a saved graph that loads and computes the
 * same.
 */
class RowLogSumExpTest {
    private static final int ROWS = 5;
    private static final int COLS = 7;

    /** {@code Σ_i w_i log(Σ_j k_ij e^(x_ij) [+ 1])} as loops. */
    private static double weightedLogSumExps(double[][] x, double[][] k, double[] w, boolean addOne) {
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double sum = addOne ? 1 : 0;
            for (int j = 0; j < x[i].length; j++) {
                sum += k[i][j] * Math.exp(x[i][j]);
            }
            total += w[i] * Math.log(sum);
        }
        return total;
    }

    /** A mask keeping most entries, every row at least one, row 1 all but one. */
    private static double[][] mask() {
        double[][] k = new double[ROWS][COLS];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLS; j++) {
                k[i][j] = (i + 2 * j) % 3 == 0 ? 0 : 1;
            }
        }
        k[1] = new double[]{0, 0, 0, 0, 1, 0, 0};
        return k;
    }

    /** The log-sum-exp of {@code x}'s rows over {@code mask}, by the constant shift or the row maximum. */
    private static SDVariable logSumExp(SameDiff sd, SDVariable x, SDVariable mask, boolean constant, boolean addOne) {
        return constant ? SDMasks.logSumExp(sd, x, mask, -4, 4, addOne) : SDMasks.logSumExp(sd, x, mask, 900.0, addOne);
    }

    @ParameterizedTest(name = "{0}, constant shift {1}, add one {2}")
    @CsvSource({"DOUBLE,true,false", "DOUBLE,true,true", "DOUBLE,false,false", "DOUBLE,false,true",
            "FLOAT,true,false", "FLOAT,false,true"})
    void gradientMatchesCentralDifferences(DataType type, boolean constant, boolean addOne) {
        double[][] x = RandomArrays.gaussian(DataType.DOUBLE, 31, ROWS, COLS).muli(1.5).toDoubleMatrix();
        double[] w = RandomArrays.gaussian(DataType.DOUBLE, 32, ROWS, 1).toDoubleVector();
        double[][] k = mask();
        SameDiff sd = SameDiff.create();
        SDVariable xs = sd.var("x", Nd4j.createFromArray(x).castTo(type));
        SDVariable ks = sd.constant("mask", Nd4j.createFromArray(k).castTo(type));
        SDVariable ws = sd.constant("w", Nd4j.createFromArray(w).castTo(type).reshape(ROWS, 1));
        SDVariable lse = logSumExp(sd, xs, ks, constant, addOne);
        sd.setLossVariables(lse.mul(ws).sum("loss"));
        INDArray grad = sd.calculateGradients(null, "x").get("x");

        double expected = weightedLogSumExps(x, k, w, addOne);
        double tolerance = type == DataType.FLOAT ? 1e-5 : 1e-12;
        assertEquals(expected, sd.outputSingle(null, "loss").getDouble(), tolerance * Math.max(1, Math.abs(expected)));
        double[][] numeric = FiniteDifferences.central(x, v -> weightedLogSumExps(v, k, w, addOne), 1e-6);
        FiniteDifferences.assertCloseToLargest(numeric, grad.castTo(DataType.DOUBLE).toDoubleMatrix(),
                type == DataType.FLOAT ? 1e-5 : 1e-8, -1);
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLS; j++) {
                if (k[i][j] == 0 && constant) {
                    assertEquals(0.0, grad.getDouble(i, j), 0.0, "masked-out gradient " + i + "," + j);
                }
            }
        }
    }

    /**
     * The ops the gradient adds to the forward graph: no {@code exp} (the forward's exponentials are reused), and none
     * of the backprops SameDiff writes for the row sum, the mask's product, the floor or the log, but one bit cast and
     * one product (and the backprop of the test's own sum over the rows); one {@code RowLogSumExp} in the forward graph.
     */
    @ParameterizedTest(name = "constant shift {0}, add one {1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void backpropIsOneProductWithTheForwardExponentials(boolean constant, boolean addOne) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, COLS);
        SDVariable mask = sd.placeHolder("mask", DataType.FLOAT, -1, COLS);
        logSumExp(sd, x, mask, constant, addOne).sum("loss");
        sd.setLossVariables("loss");
        sd.createGradFunction("x");
        Map<String, Long> forward = OpNames.of(sd);
        Map<String, Long> backprop = OpNames.of(sd.getFunction("grad"));
        forward.forEach((name, n) -> backprop.merge(name, -n, Long::sum));
        backprop.values().removeIf(n -> n == 0);
        assertEquals(1L, forward.get(RowLogSumExp.NAME), "forward: " + forward);
        assertNull(backprop.get("exp"), "no exponential computed again: " + backprop);
        for (String bp : new String[]{"multiply_bp", "log_bp", "add_bp", "maximum_bp", "greaterthan_scalar", "cast"}) {
            assertFalse(backprop.containsKey(bp), bp + " in the backprop: " + backprop);
        }
        assertEquals(1L, backprop.get("reduce_sum_bp"), "the loss's own sum, not the row sums': " + backprop);
        assertEquals(1L, backprop.get("multiply"), "one product: " + backprop);
        assertEquals(1L, backprop.get("bitcast"), "the exponentials back from their bits: " + backprop);
    }

    @Test
    void savedGraphLoadsAndComputesTheSame(@TempDir Path dir) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, COLS);
        SDVariable mask = sd.placeHolder("mask", DataType.FLOAT, -1, COLS);
        SDVariable lse = logSumExp(sd, x, mask, false, true);
        sd.setLossVariables(lse.mul(lse).sum("loss"));
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", RandomArrays.gaussian(DataType.FLOAT, 33, ROWS, COLS));
        ph.put("mask", Nd4j.createFromArray(mask()).castTo(DataType.FLOAT));
        SavedGraphs.assertLoadsTheSame(sd, ph, lse.name(), "x", RowLogSumExp.class, RowLogSumExp::register, dir);
    }
}
