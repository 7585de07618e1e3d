package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import io.github.dl4jlosses.ops.Rows;
import io.github.dl4jlosses.ops.VectorRows;
import io.github.dl4jlosses.testutil.HostKernels;
import io.github.dl4jlosses.testutil.RandomArrays;
import io.github.dl4jlosses.testutil.Views;
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

/**
 * {@link Tuple#distances} and {@link Tuple#shiftedDifferences} (which reads the input's buffer as one run): for every
 * distance, data type and input layout, each block pair's distance and gradient (every pair of four blocks; the
 * anchor's pairs of three and five blocks, {@link Tuple#anchoredDifferences}; FLOAT by the host pass too,
 * {@link io.github.dl4jlosses.distance.Distance#rowwiseOfBlocks}), and each difference of blocks
 * {@code shift} apart, equal a Java loop over the input's values.
 */
@ExtendWith(HostKernels.class)
class TupleTest {
    private static final int B = 5;
    private static final int D = 4;
    private static final int[][] PAIRS_OF_FOUR = {{0, 1}, {1, 2}, {2, 3}, {0, 2}, {1, 3}, {0, 3}};

    static Stream<Arguments> cases() {
        return Arrays.stream(Distance.values()).flatMap(d -> Stream.of(DataType.DOUBLE, DataType.FLOAT, DataType.HALF)
                .flatMap(t -> Stream.concat(Stream.of("plain"), Views.LAYOUTS.stream())
                        .flatMap(layout -> Stream.of(2, 3, 4, 5).map(k -> Arguments.of(d, t, layout, k)))));
    }

    static Stream<Arguments> layouts() {
        return Stream.of(DataType.DOUBLE, DataType.FLOAT).flatMap(t -> Stream.concat(Stream.of("plain"),
                Views.LAYOUTS.stream()).map(layout -> Arguments.of(t, layout)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("layouts")
    void shiftedDifferencesMatchALoop(DataType type, String layout) {
        int k = 4;
        INDArray values = RandomArrays.gaussian(type, 3, B, k * D);
        double[][] v = RandomArrays.toDouble(values);
        INDArray input = Rows.withContiguousRows(layout.equals("plain") ? values : Views.of(values, layout));
        for (int shift = 1; shift < k; shift++) {
            INDArray[] differences = Tuple.shiftedDifferences(input, k, shift);
            assertEquals(k - shift, differences.length);
            for (int j = 0; j < differences.length; j++) {
                INDArray expected = Nd4j.create(type, B, D);
                for (int i = 0; i < B; i++) {
                    for (int c = 0; c < D; c++) {
                        expected.putScalar(i, c, v[i][j * D + c] - v[i][(j + shift) * D + c]);
                    }
                }
                assertClose(expected, differences[j], 0.0, "x_" + j + " - x_" + (j + shift));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} k={3}")
    @MethodSource("cases")
    void distancesOfEveryBlockPairMatchALoop(Distance distance, DataType type, String layout, int k) {
        // k = 3, 5: pairs from the anchor only (Tuple.anchoredDifferences for the directional distances)
        int[][] pairs = k == 2 ? new int[][]{{0, 1}} : k == 4 ? PAIRS_OF_FOUR
                : java.util.stream.IntStream.range(1, k).mapToObj(b -> new int[]{0, b}).toArray(int[][]::new);
        INDArray values = RandomArrays.gaussian(type, 7, B, k * D);
        values.get(NDArrayIndex.point(3), NDArrayIndex.interval(D, 2 * D))
                .assign(values.get(NDArrayIndex.point(3),
                        NDArrayIndex.interval(0, D)));       // row 3: d(x_0, x_1) = 0
        // the losses see the input after RankingLoss's Rows.withContiguousRows
        INDArray input = Rows.withContiguousRows(layout.equals("plain") ? values : Views.of(values, layout));
        double[][] v = RandomArrays.toDouble(values);
        INDArray g = RandomArrays.gaussian(type, 8, B, 1);
        double tol = type == DataType.DOUBLE ? 1e-12 : type == DataType.FLOAT ? 1e-5 : 1e-2;

        for (String route : HostKernels.hostPassRoutes(type)) {
            HostKernels.useHostPassRoute(route);
            RowwiseDistance[] got = Tuple.distances(distance, input, k, pairs);
            boolean ofBlocks = !route.equals("libnd4j") && distance.isDirectional() && VectorRows.acceptsBlocks(input, k);
            assertBlockPairs(distance, type, k, pairs, v, g, input, got, ofBlocks, tol);
        }
    }

    /**
     * Each pair's distance, and its gradient through {@link TupleGradient} with one term (written by the host pass
     * for distances {@linkplain RowwiseDistance#isOfBlocks of blocks}), against the distance of two arrays built from
     * the values in a loop.
     */
    private static void assertBlockPairs(Distance distance, DataType type, int k, int[][] pairs, double[][] v,
                                         INDArray g, INDArray input, RowwiseDistance[] got, boolean ofBlocks,
                                         double tol) {
        for (int p = 0; p < pairs.length; p++) {
            int a = pairs[p][0];
            int b = pairs[p][1];
            INDArray x = Nd4j.create(type, B, D);
            INDArray y = Nd4j.create(type, B, D);
            for (int i = 0; i < B; i++) {
                for (int c = 0; c < D; c++) {
                    x.putScalar(i, c, v[i][a * D + c]);
                    y.putScalar(i, c, v[i][b * D + c]);
                }
            }
            RowwiseDistance expected = distance.rowwiseWithGradient(x, y);
            assertEquals(ofBlocks, got[p].isOfBlocks(), "computed by the host pass");
            assertClose(expected.value(), got[p].value(), tol, "value of pair " + a + "," + b);
            INDArray joined = new TupleGradient(k, input).add(got[p], a, b, g.toDoubleVector(), 1.0).joined();
            INDArray[] blocks = Tuple.split(joined, k);
            assertClose(expected.gradient(g)[0], blocks[a], tol, "dL/dx of pair " + a + "," + b);
            assertClose(expected.gradient(g)[1], blocks[b], tol, "dL/dy of pair " + a + "," + b);
            for (int other = 0; other < k; other++) {
                if (other != a && other != b) {
                    assertEquals(0.0, blocks[other].amaxNumber().doubleValue(), 0.0, "block " + other);
                }
            }
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what);
        double[][] e = RandomArrays.toDouble(expected);
        double[][] a = RandomArrays.toDouble(actual);
        for (int i = 0; i < e.length; i++) {
            for (int k = 0; k < e[i].length; k++) {
                assertEquals(e[i][k], a[i][k], tol * Math.max(1, Math.abs(e[i][k])), what + " at " + i + "," + k);
            }
        }
    }
}
