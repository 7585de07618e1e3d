package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SDDistance} against {@link Distance}: values, and SameDiff's gradients of {@code Σ g ⊙ d}
 * against the analytic {@code RowwiseDistance}/{@code MatrixDistance} gradients, for every distance, in DOUBLE
 * (≤ 1e-10 relative), including a zero row (cosine's norm floor) and an identical pair (zero distance), with rows of
 * width 4 and of width 1 (which 1.0.0-M2.1's SameDiff cannot reduce along: the row sums must not be reductions).
 */
class SDDistanceTest {

    static Stream<Arguments> distancesAndForms() {
        return Arrays.stream(Distance.values()).flatMap(d -> Stream.of(4, 1).flatMap(width ->
                Stream.of(Arguments.of(d, false, width), Arguments.of(d, true, width))));
    }

    @ParameterizedTest(name = "{0} matrix={1} width={2}")
    @MethodSource("distancesAndForms")
    void valuesAndGradientsMatchTheAnalyticDistance(Distance distance, boolean matrix, int width) {
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 1, 5, width);
        INDArray y = RandomArrays.gaussian(DataType.DOUBLE, 2, matrix ? 6 : 5, width);
        x.getRow(2).assign(0.0);                      // a zero vector
        y.getRow(3).assign(x.getRow(3));              // an identical pair (row-wise: zero distance)
        INDArray g = RandomArrays.gaussian(DataType.DOUBLE, 3, 5, matrix ? 6 : 1);

        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.placeHolder("x", DataType.DOUBLE, -1, width);
        SDVariable yv = sd.placeHolder("y", DataType.DOUBLE, -1, width);
        SDVariable gv = sd.placeHolder("g", DataType.DOUBLE, -1, -1);
        SDVariable d = matrix ? SDDistance.matrix(sd, "d", distance, xv, yv) : SDDistance.rowwise(sd, "d", distance, xv, yv);
        sd.setLossVariables(d.mul(gv).sum("weighted"));
        sd.createGradFunction("x", "y"); // gradients w.r.t. placeholders
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", x);
        ph.put("y", y);
        ph.put("g", g);

        INDArray expected = matrix ? distance.matrix(x, y) : distance.rowwise(x, y);
        INDArray actual = sd.outputSingle(ph, "d");
        assertArrayEquals(expected.shape(), actual.shape());
        TwinAgreementTest.assertClose(expected, actual, 1e-10, distance + " values");

        INDArray[] analytic = matrix ? distance.matrixWithGradient(x, y).gradient(g)
                : distance.rowwiseWithGradient(x, y).gradient(g);
        Map<String, INDArray> grads = sd.calculateGradients(ph, "x", "y");
        for (int k = 0; k < 2; k++) {
            INDArray got = grads.get(k == 0 ? "x" : "y");
            assertFalse(got.isNaN().any() || got.isInfinite().any(), distance + " gradient is finite");
            String what = distance + " gradient w.r.t. " + (k == 0 ? "x" : "y");
            if (analytic[k].amaxNumber().doubleValue() == 0.0) {
                // cosine of width-1 rows is ±1 whatever the values: a zero gradient, which SameDiff reaches up to
                // rounding (1e-13), so a tolerance relative to it cannot apply
                assertTrue(got.amaxNumber().doubleValue() <= 1e-10, what + " is zero: " + got);
            } else {
                TwinAgreementTest.assertClose(analytic[k], got, 1e-10, what);
            }
        }
    }

    /**
     * One batch against itself (the labelled twins' matrix): values and the gradient through both arguments against
     * {@code MatrixDistance.selfGradient}, including a zero row (an identical pair's rounding is the other test's); the
     * cosine form normalises the rows
     * once (one {@code [B,D]} division where two arrays take two).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Distance.class)
    void oneBatchAgainstItselfMatchesTheSelfGradient(Distance distance) {
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 4, 6, 5);
        x.getRow(2).assign(0.0);
        INDArray g = RandomArrays.gaussian(DataType.DOUBLE, 5, 6, 6);
        for (int i = 0; i < 6; i++) {
            g.putScalar(i, i, 0.0);       // as in the losses, no weight on a row's distance to itself (0 up to rounding)
        }
        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.placeHolder("x", DataType.DOUBLE, -1, 5);
        SDVariable gv = sd.placeHolder("g", DataType.DOUBLE, -1, -1);
        SDVariable d = SDDistance.matrix(sd, "d", distance, xv, xv);
        sd.setLossVariables(d.mul(gv).sum("weighted"));
        sd.createGradFunction("x");
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", x);
        ph.put("g", g);
        // a row's Euclidean distance to itself is √(rounding) by the GEMM form, ~1e-8 either way: off the diagonal
        INDArray expected = distance.matrix(x, x);
        INDArray actual = sd.outputSingle(ph, "d");
        for (int i = 0; i < 6; i++) {
            expected.putScalar(i, i, 0.0);
            actual.putScalar(i, i, 0.0);
        }
        TwinAgreementTest.assertClose(expected, actual, 1e-10, distance + " values");
        INDArray got = sd.calculateGradients(ph, "x").get("x");
        TwinAgreementTest.assertClose(distance.matrixWithGradient(x, x).selfGradient(g), got, 1e-10,
                distance + " gradient");
        if (distance == Distance.COSINE) {
            long divisions = sd.getOps().values().stream()
                    .filter(op -> op.getOp().opName().equals("divide")).count();
            assertEquals(1, divisions, "the rows are normalised once");
        }
    }

    /**
     * {@link SDDistance#safeSqrt} of squared distances from below 0 (cancellation) to ordinary values: √s with the gradient
     * {@code 1/(2√s)} where s is positive (above FLOAT's and DOUBLE's smallest normal number), 0 with the gradient 0 where
     * it is not; in FLOAT and DOUBLE a distance of 0 is √ν (ν the smallest normal number), in HALF exactly 0.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE", "HALF"})
    void rootOfSquaredDistancesHasTheSubgradientZeroAtZero(DataType type) {
        double[] s = {-1e-6, 0.0, 0.25, 2.0, 9.0, 1e-3};
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.var("s", org.nd4j.linalg.factory.Nd4j.createFromArray(s).castTo(type).reshape(2, 3));
        SDVariable root = SDDistance.safeSqrt(sd, v);
        sd.setLossVariables(root.sum());
        INDArray value = root.eval();
        INDArray grad = sd.calculateGradients(null, "s").get("s");
        double nu = type == DataType.HALF ? 0 : io.github.dl4jlosses.ops.Precision.smallestNormal(type);
        double tolerance = type == DataType.HALF ? 2e-3 : type == DataType.FLOAT ? 1e-6 : 1e-14;
        for (int i = 0; i < s.length; i++) {
            double got = value.getDouble(i / 3, i % 3);
            double g = grad.getDouble(i / 3, i % 3);
            if (s[i] <= 0) {
                assertEquals(Math.sqrt(nu), got, 0.0, "root at " + s[i]);
                assertEquals(0.0, g, 0.0, "gradient at " + s[i]);
            } else {
                assertEquals(Math.sqrt(s[i]), got, tolerance * Math.sqrt(s[i]), "root at " + s[i]);
                assertEquals(0.5 / Math.sqrt(s[i]), g, tolerance * 4 / Math.sqrt(s[i]), "gradient at " + s[i]);
            }
        }
        long passes = sd.getOps().values().stream().filter(op -> op.getOp().opName().startsWith("greater")).count();
        assertEquals(type == DataType.HALF ? 1 : 0, passes, "a comparison pass only in HALF's form");
        long powers = sd.getFunction("grad").getOps().values().stream()
                .filter(op -> op.getOp().opName().equalsIgnoreCase("pow")).count();
        assertEquals(type == DataType.HALF ? 1 : 0, powers, "the root's gradient divides by the root");
    }

    /** A graph holding the {@link Root}, saved and loaded (SameDiff finds the op by its name): the same values and gradients. */
    @org.junit.jupiter.api.Test
    void savedRootLoadsAndComputesTheSame(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        SameDiff sd = SameDiff.create();
        SDVariable q = sd.placeHolder("q", DataType.FLOAT, -1, -1);
        SDVariable root = SDDistance.safeSqrt(sd, q);
        sd.setLossVariables(root.mul(root).mul(root).sum("loss"));
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("q", RandomArrays.gaussian(DataType.FLOAT, 31, 3, 4).muli(3));     // negative entries too: floored
        SavedGraphs.assertLoadsTheSame(sd, ph, root.name(), "q", Root.class, Root::register, dir);
    }
}
