package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.testutil.FiniteDifferences;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.imports.converters.ImportClassMapping;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SelfProduct}: {@code a · x xᵀ} against loops, its gradient {@code a (G + Gᵀ) x} against central differences of
 * loops for a weighting G that is not symmetric, one product in the gradient graph and no {@code matmul_bp}, the cosine
 * matrix of a batch against itself at a scale other than 1 (the scale travels as the product's alpha), and a saved
 * graph that loads and computes the same.
 */
class SelfProductTest {
    /** {@code Σ_ij W_ij · a · x_i·x_j}, as loops. */
    private static double weightedProduct(double[][] x, double[][] w, double scale) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                double dot = 0;
                for (int k = 0; k < x[i].length; k++) dot += x[i][k] * x[j][k];
                sum += w[i][j] * scale * dot;
            }
        }
        return sum;
    }

    @ParameterizedTest(name = "{0} scale {1}")
    @CsvSource({"DOUBLE,1", "DOUBLE,-2", "DOUBLE,14.25", "FLOAT,1", "FLOAT,-2"})
    void productAndGradientMatchLoops(DataType type, double scale) {
        INDArray xIn = RandomArrays.gaussian(DataType.DOUBLE, 11, 7, 5);
        INDArray wIn = RandomArrays.gaussian(DataType.DOUBLE, 12, 7, 7);     // not symmetric: G ≠ Gᵀ
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", type, -1, 5);
        SDVariable w = sd.placeHolder("w", type, -1, -1);
        SDVariable out = SelfProduct.of(sd, x, scale);
        sd.setLossVariables(out.mul(w).sum("loss"));
        sd.createGradFunction("x");
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", xIn.castTo(type));
        ph.put("w", wIn.castTo(type));
        INDArray value = sd.outputSingle(ph, out.name());
        INDArray grad = sd.calculateGradients(ph, "x").get("x");

        double[][] xs = xIn.toDoubleMatrix();
        double[][] ws = wIn.toDoubleMatrix();
        double tolerance = type == DataType.FLOAT ? 2e-5 : 1e-12;
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                double dot = 0;
                for (int k = 0; k < 5; k++) dot += xs[i][k] * xs[j][k];
                assertEquals(scale * dot, value.getDouble(i, j), tolerance * Math.max(1, Math.abs(scale * dot)),
                        "product " + i + "," + j);
            }
        }
        double[][] numeric = FiniteDifferences.central(xs, v -> weightedProduct(v, ws, scale), 1e-6);
        FiniteDifferences.assertCloseToLargest(numeric, grad.castTo(DataType.DOUBLE).toDoubleMatrix(),
                type == DataType.FLOAT ? 1e-5 : 1e-8, -1);

        Map<String, Long> gradOps = OpNames.of(sd.getFunction("grad"));
        assertEquals(null, gradOps.get("matmul_bp"), "no product of two matrices differentiated");
        assertEquals(1L, gradOps.get("matmul"), "the gradient is one product: " + gradOps);
        assertEquals(1L, gradOps.get(SelfProduct.NAME), "the forward product: " + gradOps);
    }

    /** The cosine matrix of one batch at a scale (InfoNCE-like logits): scale folded into the product, against loops. */
    @Test
    void scaledCosineOfOneBatchMatchesLoops() {
        INDArray xIn = RandomArrays.gaussian(DataType.DOUBLE, 13, 6, 4);
        double scale = 1 / 0.07;
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", xIn.dup());
        SDVariable s = SDDistance.cosineMatrix(sd, x, x, scale);
        INDArray value = s.eval();
        double[][] xs = xIn.toDoubleMatrix();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double dot = 0;
                double ni = 0;
                double nj = 0;
                for (int k = 0; k < 4; k++) {
                    dot += xs[i][k] * xs[j][k];
                    ni += xs[i][k] * xs[i][k];
                    nj += xs[j][k] * xs[j][k];
                }
                assertEquals(scale * dot / Math.sqrt(ni * nj), value.getDouble(i, j), 1e-10, "cosine " + i + "," + j);
            }
        }
        assertTrue(sd.getOps().values().stream().anyMatch(op -> op.getOp() instanceof SelfProduct), "one batch's product");
    }

    /** A graph holding the op, saved and loaded (SameDiff finds the op by its name): the same values and gradients. */
    @Test
    void savedGraphLoadsAndComputesTheSame(@TempDir Path dir) {
        INDArray xIn = RandomArrays.gaussian(DataType.FLOAT, 14, 5, 3);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        SDVariable out = SelfProduct.of(sd, x, -2.0);
        sd.setLossVariables(out.mul(out).sum("loss"));
        assertTrue(ImportClassMapping.getOpNameMapping().get(SelfProduct.NAME) instanceof SelfProduct,
                "the op's name is known once the class is loaded");
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", xIn);
        SavedGraphs.assertLoadsTheSame(sd, ph, out.name(), "x", SelfProduct.class, SelfProduct::register, dir);
    }
}
