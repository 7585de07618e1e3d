package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.FiniteDifferences;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Difference}: {@code x − y} against loops; the gradients of {@code Σ_ij W_ij sin(x_ij − y_ij)} for x and y
 * against central differences of the same loops; a difference of a variable with itself (value and gradient 0); shapes
 * that differ broadcast as SameDiff's subtraction does; the row-wise distances of the multi-sample triplet twin
 * differentiate no {@code [B,D]} subtraction; a saved graph loads and computes the same.
 */
class DifferenceTest {
    private static final int B = 5;
    private static final int D = 6;

    /** {@code Σ_ij W_ij sin(x_ij − y_ij)}, y broadcast along the rows when it has one. */
    private static double weightedSines(double[][] x, double[][] y, double[][] w) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                sum += w[i][j] * Math.sin(x[i][j] - y[y.length == 1 ? 0 : i][j]);
            }
        }
        return sum;
    }

    private static Map<String, INDArray> check(DataType type, int yRows, boolean knownShapes, String expectedOp) {
        return check(type, yRows, knownShapes, knownShapes, expectedOp);
    }

    private static Map<String, INDArray> check(DataType type, int yRows, boolean knownX, boolean knownY,
                                               String expectedOp) {
        INDArray xIn = RandomArrays.gaussian(DataType.DOUBLE, 31, B, D);
        INDArray yIn = RandomArrays.gaussian(DataType.DOUBLE, 32, yRows, D);
        INDArray wIn = RandomArrays.gaussian(DataType.DOUBLE, 33, B, D);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", type, knownX ? B : -1, D);
        SDVariable y = sd.placeHolder("y", type, knownY ? yRows : -1, D);
        SDVariable w = sd.placeHolder("w", type, -1, D);
        SDVariable out = Difference.of(sd, x, y);
        sd.setLossVariables(sd.math().sin(out).mul(w).sum("loss"));
        sd.createGradFunction("x", "y");
        Map<String, INDArray> ph = Map.of("x", xIn.castTo(type), "y", yIn.castTo(type), "w", wIn.castTo(type));
        INDArray value = sd.outputSingle(ph, out.name());
        Map<String, INDArray> grads = sd.calculateGradients(ph, "x", "y");

        double[][] xs = xIn.toDoubleMatrix();
        double[][] ys = yIn.toDoubleMatrix();
        double[][] ws = wIn.toDoubleMatrix();
        double tolerance = type == DataType.FLOAT ? 1e-6 : 1e-15;
        assertArrayEquals(new long[]{B, D}, value.shape());
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < D; j++) {
                double expected = xs[i][j] - ys[yRows == 1 ? 0 : i][j];
                assertEquals(expected, value.getDouble(i, j), tolerance * Math.max(1, Math.abs(expected)), i + "," + j);
            }
        }
        double gradTolerance = type == DataType.FLOAT ? 1e-5 : 1e-8;
        FiniteDifferences.assertCloseToLargest(FiniteDifferences.central(xs, v -> weightedSines(v, ys, ws), 1e-6),
                grads.get("x").castTo(DataType.DOUBLE).toDoubleMatrix(), gradTolerance, -1);
        FiniteDifferences.assertCloseToLargest(FiniteDifferences.central(ys, v -> weightedSines(xs, v, ws), 1e-6),
                grads.get("y").castTo(DataType.DOUBLE).toDoubleMatrix(), gradTolerance, -1);
        assertEquals(1L, OpNames.of(sd).get(expectedOp), "the forward op: " + OpNames.of(sd));
        return grads;
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void valueAndGradientsMatchLoops(DataType type) {
        check(type, B, false, Difference.NAME);
        check(type, B, true, Difference.NAME);
    }

    /**
     * Shapes that differ ([B,D] − [1,D], also [-1,D] − [1,D]): SameDiff's own subtraction, whose backprop sums y's
     * gradient over the rows.
     */
    @Test
    void differentShapesBroadcast() {
        assertArrayEquals(new long[]{1, D}, check(DataType.DOUBLE, 1, true, "subtract").get("y").shape());
        assertArrayEquals(new long[]{1, D}, check(DataType.DOUBLE, 1, false, true, "subtract").get("y").shape());
    }

    @Test
    void differenceOfAVariableWithItselfIsZeroWithZeroGradient() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, D);
        SDVariable out = Difference.of(sd, x, x);
        sd.setLossVariables(sd.math().cos(out.add(0.3)).sum("loss"));
        sd.createGradFunction("x");
        Map<String, INDArray> ph = Map.of("x", RandomArrays.gaussian(DataType.DOUBLE, 34, B, D));
        assertEquals(0.0, sd.outputSingle(ph, out.name()).amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, sd.calculateGradients(ph, "x").get("x").amaxNumber().doubleValue(), 0.0);
    }

    /**
     * The multi-sample triplet twin's four row-wise distances (two positives, two negatives) differentiate no
     * subtraction: each its {@link Difference}, whose backprop negates once.
     */
    @ParameterizedTest
    @EnumSource(value = Distance.class, names = {"EUCLIDEAN", "SQUARED_EUCLIDEAN", "MANHATTAN"})
    void rowwiseDistancesTakeNoSubtractBackprop(Distance distance) {
        SameDiff sd = SameDiff.create();
        // The branches as a twin gets them: one [B, 5·D] input split along its columns (SameDiffRankingLoss)
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 5 * D);
        SDVariable[] b = sd.split(in, 5, 1);
        sd.setLossVariables(SDTupleLosses.multiSampleTriplet(sd, "loss", b[0], new SDVariable[]{b[1], b[2]},
                new SDVariable[]{b[3], b[4]}, 1.0, distance).loss());
        sd.createGradFunction("in");
        Map<String, Long> ops = OpNames.of(sd.getFunction("grad"));
        assertEquals(4L, ops.get(Difference.NAME), "one difference per distance: " + ops);
        assertEquals(4L, ops.get("neg"), "one negation per distance, for the positive's or negative's gradient: " + ops);
        assertEquals(1L, ops.get("subtract_bp"), "the [B,1] difference of the two means' only: " + ops);
    }

    @Test
    void savedGraphLoadsAndComputesTheSame(@TempDir Path dir) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 4);
        SDVariable out = Difference.of(sd, x, y);
        sd.setLossVariables(out.mul(out).mul(out).sum("loss"));
        Map<String, INDArray> ph = Map.of("x", RandomArrays.gaussian(DataType.FLOAT, 35, 3, 4),
                "y", RandomArrays.gaussian(DataType.FLOAT, 36, 3, 4));
        SavedGraphs.assertLoadsTheSame(sd, ph, out.name(), "y", Difference.class, Difference::register, dir);
    }
}
