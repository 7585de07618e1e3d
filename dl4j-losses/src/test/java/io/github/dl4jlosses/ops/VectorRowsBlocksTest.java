package io.github.dl4jlosses.ops;

import io.github.dl4jlosses.testutil.RandomArrays;
import io.github.dl4jlosses.testutil.HostKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VectorRows#blockDistances} and {@link VectorRows#blockGradient} (the tuple losses' host passes) against double
 * loops over the blocks: widths around the vector lengths (tails of 8- and 16-lane loops), pairs in either order and
 * not through block 0, blocks no pair names, rows where two blocks are equal (Manhattan's sign is 0 there), zero
 * coefficients, and matrices large enough to be split among threads; on the vector kernel (where it loads) and as the
 * plain loops a JVM without the Vector API module runs.
 */
@ExtendWith(HostKernels.class)
class VectorRowsBlocksTest {

    @ParameterizedTest(name = "{0} rows, k={1}, width {2}, manhattan {3}")
    @CsvSource({"3,2,5,false", "3,2,5,true", "7,3,16,false", "7,3,17,true", "5,5,37,false", "5,5,37,true",
            "600,2,37,false", "600,4,24,true", "2,3,128,false"})
    void distancesAndGradientMatchLoops(int rows, int k, int width, boolean manhattan) {
        HostKernels.useHostPasses(true);          // skipped only where -Ddl4jlosses.vectorRows=false
        for (String route : HostKernels.hostPassRoutes(DataType.FLOAT)) {
            if (!route.equals("libnd4j")) {
                HostKernels.useHostPassRoute(route);
                matchLoops(rows, k, width, manhattan, route);
            }
        }
    }

    private static void matchLoops(int rows, int k, int width, boolean manhattan, String route) {
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 31 + k, rows, k * width);
        x.get(NDArrayIndex.point(1), NDArrayIndex.interval(width, 2 * width))
                .assign(x.get(NDArrayIndex.point(1), NDArrayIndex.interval(0, width)));   // row 1: blocks 0, 1 equal
        int[][] pairs = k == 2 ? new int[][]{{0, 1}} : new int[][]{{0, 1}, {2, 1}, {0, k - 1}};
        double[][] v = RandomArrays.toDouble(x);

        float[][] sums = VectorRows.blockDistances(x, k, pairs, manhattan);
        for (int p = 0; p < pairs.length; p++) {
            for (int r = 0; r < rows; r++) {
                double expected = 0;
                for (int j = 0; j < width; j++) {
                    double diff = v[r][pairs[p][0] * width + j] - v[r][pairs[p][1] * width + j];
                    expected += manhattan ? Math.abs(diff) : diff * diff;
                }
                assertEquals(expected, sums[p][r], 1e-5 * (1 + expected), "pair " + p + ", row " + r + ", " + route);
            }
        }
        assertEquals(0f, sums[0][1], "equal blocks, " + route);

        Random random = new Random(5);
        float[][] coef = new float[pairs.length][rows];
        for (float[] c : coef) {
            for (int r = 0; r < rows; r++) {
                c[r] = r % 4 == 3 ? 0f : (float) random.nextGaussian();
            }
        }
        INDArray out = Nd4j.valueArrayOf(new long[]{rows, k * width}, Float.NaN, DataType.FLOAT);   // all written
        VectorRows.blockGradient(x, k, pairs, manhattan, coef, out);
        double[][] expected = new double[rows][k * width];
        for (int p = 0; p < pairs.length; p++) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < width; j++) {
                    double diff = v[r][pairs[p][0] * width + j] - v[r][pairs[p][1] * width + j];
                    double step = coef[p][r] * (manhattan ? Math.signum(diff) : diff);
                    expected[r][pairs[p][0] * width + j] += step;
                    expected[r][pairs[p][1] * width + j] -= step;
                }
            }
        }
        double[][] got = RandomArrays.toDouble(out);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k * width; j++) {
                assertEquals(expected[r][j], got[r][j], 1e-5 * (1 + Math.abs(expected[r][j])),
                        "row " + r + ", column " + j + ", " + route);
            }
        }
        }

    @Test
    void refusesWhatItCannotRead() {
        HostKernels.useHostPasses(true);
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 1, 4, 6);
        int[][] pair = {{0, 1}};
        String message = assertThrows(IllegalArgumentException.class,
                () -> VectorRows.blockDistances(x, 4, pair, false)).getMessage();
        assertTrue(message.contains("4 blocks") && message.contains("[4,6]"), message);
        assertThrows(IllegalArgumentException.class,
                () -> VectorRows.blockDistances(x.castTo(DataType.DOUBLE), 2, pair, false));
        assertThrows(IllegalArgumentException.class,
                () -> VectorRows.blockDistances(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)), 2, pair,
                        false));
        message = assertThrows(IllegalArgumentException.class,
                () -> VectorRows.blockDistances(x, 2, new int[][]{{0, 2}}, false)).getMessage();
        assertTrue(message.contains("[0, 2]") && message.contains("[0, 2)"), message);
        assertThrows(IllegalArgumentException.class, () -> VectorRows.blockDistances(x, 3, new int[][]{{1, 1}}, true));
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 4, 6);
        message = assertThrows(IllegalArgumentException.class,
                () -> VectorRows.blockGradient(x, 2, pair, false, new float[][]{new float[3]}, out)).getMessage();
        assertTrue(message.contains("coef") && message.contains("3"), message);
        message = assertThrows(IllegalArgumentException.class,
                () -> VectorRows.blockGradient(x, 2, pair, false, new float[2][4], out)).getMessage();
        assertTrue(message.contains("one coefficient row per pair"), message);
        assertThrows(IllegalArgumentException.class,
                () -> VectorRows.blockGradient(x, 2, pair, false, new float[1][4], Nd4j.create(DataType.FLOAT, 4, 4)));
    }
}
