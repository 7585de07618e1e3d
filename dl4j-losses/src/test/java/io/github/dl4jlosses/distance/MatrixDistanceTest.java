package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.testutil.HostKernels;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MatrixDistance} agrees with the row-wise distance taken one column at a time, value and gradient. */
@ExtendWith(HostKernels.class)
class MatrixDistanceTest {

    static Stream<Arguments> distancesAndTypes() {
        return Arrays.stream(Distance.values()).flatMap(d -> Stream.of(
                Arguments.of(d, DataType.DOUBLE), Arguments.of(d, DataType.FLOAT)));
    }

    private static double tol(DataType type) {
        return type == DataType.DOUBLE ? 1e-10 : 1e-4;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("distancesAndTypes")
    void twoArraysAgreeWithTheSeparateForms(Distance d, DataType type) {
        // x and y as views of one [B, 2D] array (the pair-batch layout), different row counts elsewhere
        INDArray xy = RandomArrays.gaussian(type, 5, 6, 10);
        INDArray x = xy.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5));
        INDArray y = xy.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 10));
        INDArray g = RandomArrays.gaussian(type, 6, 6, 6);
        MatrixDistance md = d.matrixWithGradient(x, y);
        // column j of the matrix is the row-wise distance of x against y_j repeated, and Σ_ij G_ij M_ij's
        // gradient the sum over columns of the row-wise gradients weighted by G's column
        INDArray value = Nd4j.create(type, 6, 6);
        INDArray[] expected = {Nd4j.zeros(type, 6, 5), Nd4j.zeros(type, 6, 5)};
        for (int j = 0; j < 6; j++) {
            INDArray yj = Nd4j.zeros(type, 6, 5).addiRowVector(y.getRow(j));
            RowwiseDistance column = d.rowwiseWithGradient(x, yj);
            value.putColumn(j, column.value());
            INDArray[] gj = column.gradient(g.getColumn(j, true));
            expected[0].addi(gj[0]);
            expected[1].getRow(j).addi(gj[1].sum(0));
        }
        assertClose(value, md.value(), tol(type));
        INDArray[] actual = md.gradient(g);
        assertClose(expected[0], actual[0], tol(type));
        assertClose(expected[1], actual[1], tol(type));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("distancesAndTypes")
    void selfGradientIsTheSumOfBothParts(Distance d, DataType type) {
        INDArray x = RandomArrays.gaussian(type, 7, 8, 5);
        // G_ii = 0 as in every loss (a row is not its own positive or negative): the diagonal of a
        // GEMM-built matrix is rounding noise around 0, where the Euclidean gradient is ill-conditioned.
        INDArray g = RandomArrays.gaussian(type, 8, 8, 8).muli(Nd4j.eye(8).rsubi(1.0).castTo(type));
        MatrixDistance md = d.matrixWithGradient(x, x);
        assertClose(d.matrix(x, x), md.value(), tol(type));
        INDArray[] parts = md.gradient(g);
        assertClose(parts[0].add(parts[1]), md.selfGradient(g), tol(type));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("distancesAndTypes")
    void selfGradientIsFiniteForRepeatedRows(Distance d, DataType type) {
        // A repeated row has distance 0 (up to GEMM rounding) to its twin: the gradient stays finite.
        INDArray x = RandomArrays.gaussian(type, 7, 8, 5);
        x.getRow(3).assign(x.getRow(1));
        INDArray self = d.matrixWithGradient(x, x).selfGradient(RandomArrays.gaussian(type, 8, 8, 8));
        assertTrue(!self.isNaN().any() && !self.isInfinite().any(), "not finite: " + self);
    }

    @Test
    void selfGradientNeedsOneArray() {
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 1, 3, 2);
        INDArray y = x.dup();
        assertThrows(IllegalStateException.class,
                () -> Distance.EUCLIDEAN.matrixWithGradient(x, y).selfGradient(x.mmul(y.transpose())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("distancesAndTypes")
    void pickedGradientEqualsTheDenseOne(Distance d, DataType type) {
        // 6 rows, one repeated (a zero distance), two picks per row: columns repeat across rows (a shared hardest
        // negative), row 2 picks itself (distance 0), row 4's second slot holds nothing (weight 0, index out of range)
        INDArray x = RandomArrays.gaussian(type, 8, 6, 37);               // 37: vector lanes and a tail
        x.getRow(5).assign(x.getRow(1));
        double[][] columns = {{1, 3}, {5, 3}, {2, 3}, {0, 3}, {1, 99}, {1, 0}};
        double[][] weights = {{0.5, -0.7}, {1.1, -0.3}, {0.9, -1.0}, {-0.2, 0.4}, {0.6, 0.0}, {0.8, -0.5}};
        INDArray idx = Nd4j.createFromArray(columns).castTo(type);
        INDArray w = Nd4j.createFromArray(weights).castTo(type);
        // the same gradient written out as a dense [B,B] matrix
        INDArray dense = Nd4j.zeros(type, 6, 6);
        for (int a = 0; a < 6; a++) {
            for (int k = 0; k < 2; k++) {
                if (weights[a][k] != 0) {
                    int j = (int) columns[a][k];
                    dense.putScalar(a, j, dense.getDouble(a, j) + weights[a][k]);
                }
            }
        }
        MatrixDistance md = d.matrixWithGradient(x, x);
        if (!md.backpropagatesPicks()) {
            assertThrows(IllegalStateException.class, () -> md.pickedGradient(new PickedPairs(idx, w), true));
            return;
        }
        PickedPairs picks = new PickedPairs(idx, w);
        INDArray refs = RandomArrays.gaussian(type, 9, 7, 37);
        MatrixDistance against = d.matrixWithGradient(x, refs);
        INDArray wide = Nd4j.zeros(type, 6, 7);
        wide.put(new org.nd4j.linalg.indexing.INDArrayIndex[]{NDArrayIndex.all(), NDArrayIndex.interval(0, 6)}, dense);
        // the dense forms in DOUBLE: in FLOAT their products' rounding (2·(diag(G·1)·x − G·y)) exceeds the picks'
        INDArray x64 = x.castTo(DataType.DOUBLE);
        MatrixDistance md64 = d.matrixWithGradient(x64, x64);
        MatrixDistance against64 = d.matrixWithGradient(x64, refs.castTo(DataType.DOUBLE));
        INDArray dense64 = dense.castTo(DataType.DOUBLE);
        INDArray wide64 = wide.castTo(DataType.DOUBLE);
        for (String route : HostKernels.hostPassRoutes(type)) {   // FLOAT: on the host (both kernels) and by libnd4j
            HostKernels.useHostPassRoute(route);
            assertClose(md64.selfGradient(dense64), md.pickedGradient(picks, true).castTo(DataType.DOUBLE), tol(type));
            assertClose(md64.gradient(dense64)[0], md.pickedGradient(picks, false).castTo(DataType.DOUBLE), tol(type));
            // queries against other references (a cross-batch memory): through the queries only
            assertClose(against64.gradient(wide64)[0], against.pickedGradient(picks, false).castTo(DataType.DOUBLE),
                    tol(type));
            assertThrows(IllegalStateException.class, () -> against.pickedGradient(picks, true));
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()));
        double maxDiff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(maxDiff <= tol * Math.max(1, expected.amaxNumber().doubleValue()),
                "max |difference| " + maxDiff + "\nexpected " + expected + "\nactual " + actual);
    }
}
