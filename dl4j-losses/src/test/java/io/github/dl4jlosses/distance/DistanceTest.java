package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.testutil.NaiveDistances;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistanceTest {

    static Stream<Arguments> distancesAndTypes() {
        return Arrays.stream(Distance.values()).flatMap(d -> Stream.of(
                Arguments.of(d, DataType.DOUBLE), Arguments.of(d, DataType.FLOAT)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("distancesAndTypes")
    void rowwiseAndMatrixMatchNaiveLoops(Distance d, DataType type) {
        INDArray x = RandomArrays.gaussian(type, 1, 6, 7);
        INDArray y = RandomArrays.gaussian(type, 2, 4, 7);
        double[][] xs = RandomArrays.toDouble(x);
        double[][] ys = RandomArrays.toDouble(y);
        double tol = type == DataType.DOUBLE ? 1e-10 : 2e-4;

        INDArray m = d.matrix(x, y);
        assertEquals(type, m.dataType());
        assertArrayEquals(new long[]{6, 4}, m.shape());
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) {
                double expected = NaiveDistances.of(d, xs[i], ys[j]);
                assertEquals(expected, m.getDouble(i, j), tol * Math.max(1, expected), "M[" + i + "," + j + "]");
            }
        }
        INDArray r = d.rowwise(x.getRows(0, 1, 2, 3), y);
        assertArrayEquals(new long[]{4, 1}, r.shape());
        for (int i = 0; i < 4; i++) {
            double expected = NaiveDistances.of(d, xs[i], ys[i]);
            assertEquals(expected, r.getDouble(i, 0), tol * Math.max(1, expected));
        }
    }

    @Test
    void handWorkedValues() {
        INDArray x = Nd4j.createFromArray(new double[][]{{0, 0}, {1, 0}});
        INDArray y = Nd4j.createFromArray(new double[][]{{3, 4}, {0, 2}});
        // (0,0)-(3,4): L2 = 5, L2² = 25, L1 = 7; (1,0)-(0,2): L2² = 1+4 = 5, L1 = 3, cos = 0 -> 1
        assertEquals(5.0, Distance.EUCLIDEAN.rowwise(x, y).getDouble(0, 0), 1e-12);
        assertEquals(25.0, Distance.SQUARED_EUCLIDEAN.rowwise(x, y).getDouble(0, 0), 1e-12);
        assertEquals(7.0, Distance.MANHATTAN.rowwise(x, y).getDouble(0, 0), 1e-12);
        assertEquals(5.0, Distance.SQUARED_EUCLIDEAN.rowwise(x, y).getDouble(1, 0), 1e-12);
        assertEquals(3.0, Distance.MANHATTAN.rowwise(x, y).getDouble(1, 0), 1e-12);
        assertEquals(1.0, Distance.COSINE.rowwise(x, y).getDouble(1, 0), 1e-12);
        // (1,0) vs (3,4): cos = 3/5 -> distance 0.4; matrix entry [1,0]
        assertEquals(0.4, Distance.COSINE.matrix(x, y).getDouble(1, 0), 1e-12);
        // zero vector: similarity 0 by the eps guard, not NaN
        assertEquals(1.0, Distance.COSINE.rowwise(x, y).getDouble(0, 0), 1e-12);
    }

    /** Gradients of L = Σ_i w_i d_i (row-wise) and L = Σ_ij W_ij M_ij (matrix) against central differences. */
    @ParameterizedTest
    @EnumSource(Distance.class)
    void gradientsMatchFiniteDifferences(Distance d) {
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 3, 5, 4);
        INDArray y = RandomArrays.gaussian(DataType.DOUBLE, 4, 5, 4);
        INDArray w = RandomArrays.gaussian(DataType.DOUBLE, 5, 5, 1);
        INDArray wm = RandomArrays.gaussian(DataType.DOUBLE, 6, 5, 5);

        INDArray[] g = d.rowwiseWithGradient(x, y).gradient(w);
        assertClose(numeric(x, xx -> d.rowwise(xx, y).mul(w).sumNumber().doubleValue()), g[0]);
        assertClose(numeric(y, yy -> d.rowwise(x, yy).mul(w).sumNumber().doubleValue()), g[1]);

        INDArray[] gm = d.matrixWithGradient(x, y).gradient(wm);
        assertClose(numeric(x, xx -> d.matrix(xx, y).mul(wm).sumNumber().doubleValue()), gm[0]);
        assertClose(numeric(y, yy -> d.matrix(x, yy).mul(wm).sumNumber().doubleValue()), gm[1]);
    }

    /** Identical inputs (distance 0; parallel for cosine): the gradient is finite, and 0 for the norms. */
    @ParameterizedTest
    @EnumSource(Distance.class)
    void zeroDistanceHasFiniteSubgradient(Distance d) {
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 7, 3, 4);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 3, 1);
        INDArray[] g = d.rowwiseWithGradient(x, x.dup()).gradient(ones);
        assertFalse(g[0].isNaN().any() || g[0].isInfinite().any(), "row-wise gradient at d=0: " + g[0]);
        assertEquals(0.0, g[0].norm2Number().doubleValue(), 1e-7);
        INDArray[] gm = d.matrixWithGradient(x, x.dup()).gradient(Nd4j.eye(3).castTo(DataType.DOUBLE));
        assertFalse(gm[0].isNaN().any() || gm[0].isInfinite().any(), "matrix gradient at d=0: " + gm[0]);
        assertEquals(0.0, gm[0].norm2Number().doubleValue(), 1e-6);
        // A zero vector under cosine: finite too.
        INDArray zero = Nd4j.zeros(DataType.DOUBLE, 1, 4);
        INDArray[] gz = Distance.COSINE.rowwiseWithGradient(zero, x.getRow(0, true))
                .gradient(Nd4j.ones(DataType.DOUBLE, 1, 1));
        assertFalse(gz[0].isNaN().any() || gz[1].isNaN().any());
    }

    private static INDArray numeric(INDArray x, ToDoubleFunction<INDArray> f) {
        double eps = 1e-6;
        INDArray g = x.like();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.columns(); j++) {
                INDArray p = x.dup();
                p.putScalar(i, j, x.getDouble(i, j) + eps);
                INDArray m = x.dup();
                m.putScalar(i, j, x.getDouble(i, j) - eps);
                g.putScalar(i, j, (f.applyAsDouble(p) - f.applyAsDouble(m)) / (2 * eps));
            }
        }
        return g;
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double maxRel = 0;
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.columns(); j++) {
                double e = expected.getDouble(i, j), a = actual.getDouble(i, j);
                double abs = Math.abs(e - a);
                if (abs > 1e-8) maxRel = Math.max(maxRel, abs / Math.max(Math.abs(e), Math.abs(a)));
            }
        }
        assertTrue(maxRel <= 1e-6, "max relative error " + maxRel + "\nexpected " + expected + "\nactual " + actual);
    }

    private static void assertArrayEquals(long[] e, long[] a) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(e, a);
    }
}
