package io.github.dl4jlosses.ops;

import io.github.dl4jlosses.testutil.HostKernels;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link Rows#dot}, {@link Rows#squaredNorms} and {@link Rows#norms} against plain loops, including D = 1 (where
 * libnd4j's SquaredNorm returns |x| instead of x²) and matrices of more than 2^16 entries (another route);
 * {@link Rows#sums} and {@link Rows#columnSums} against loops for every data type, order and view (BLAS for some,
 * libnd4j's reduction for the others; the ones matrix BLAS uses outlives any workspace);
 * {@link Rows#withContiguousRows} copies only views whose rows are apart; {@link Rows#scatterAdd} and
 * {@link Rows#scatterSub} against loops with repeated rows; {@link Rows#scatterUpdate} replaces exactly its rows.
 */
@ExtendWith(HostKernels.class)
class RowsTest {
    @ParameterizedTest
    @CsvSource({"5,3,DOUBLE", "4,1,DOUBLE", "1,6,DOUBLE", "7,2,FLOAT", "3,1,FLOAT",
            "300,256,FLOAT", "256,300,DOUBLE", "300,256,HALF"})     // the last three beyond 2^16 entries
    void dotMatchesLoops(int b, int d, DataType type) {
        INDArray x = RandomArrays.gaussian(type, 1, b, d);
        INDArray y = RandomArrays.gaussian(type, 2, b, d);
        double[][] xv = RandomArrays.toDouble(x);
        double[][] yv = RandomArrays.toDouble(y);
        for (INDArray[] pair : new INDArray[][]{{x, y}, {x, x}}) {
            INDArray r = Rows.dot(pair[0], pair[1]);
            assertArrayEquals(new long[]{b, 1}, r.shape());
            assertEquals(type, r.dataType());
            double[][] yy = pair[1] == x ? xv : yv;
            for (int i = 0; i < b; i++) {
                double expected = 0;
                for (int k = 0; k < d; k++) expected += xv[i][k] * yy[i][k];
                assertEquals(expected, r.getDouble(i, 0), tolerance(type, expected, d), "row " + i);
            }
        }
        INDArray squared = Rows.squaredNorms(x);
        INDArray norms = Rows.norms(x);
        INDArray ofView = Rows.norms(wider(x));
        assertArrayEquals(new long[]{b, 1}, squared.shape());
        assertArrayEquals(new long[]{b, 1}, norms.shape());
        for (int i = 0; i < b; i++) {
            double expected = 0;
            for (int k = 0; k < d; k++) expected += xv[i][k] * xv[i][k];
            assertEquals(expected, squared.getDouble(i, 0), tolerance(type, expected, d), "squared norm " + i);
            double norm = Math.sqrt(expected);
            assertEquals(norm, norms.getDouble(i, 0), tolerance(type, norm, d), "norm " + i);
            assertEquals(norms.getDouble(i, 0), ofView.getDouble(i, 0), 0.0, "norm of a view's row " + i);
        }
    }

    /** Rounding of a d-term sum of magnitude {@code value}: relative to the type's precision. */
    private static double tolerance(DataType type, double value, int d) {
        double unit = type == DataType.DOUBLE ? 1e-15 : type == DataType.FLOAT ? 1e-7 : 1e-3;
        return 1e-12 + 4 * unit * d * Math.max(1.0, Math.abs(value));
    }

    /** {@code x} as a window of columns 1..d of a wider array (a view whose rows are apart). */
    private static INDArray wider(INDArray x) {
        INDArray wide = Nd4j.zeros(x.dataType(), x.rows(), x.columns() + 2);
        wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, x.columns() + 1)).assign(x);
        return wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, x.columns() + 1));
    }

    /**
     * The ones matrix the BLAS sums multiply by is cached outside every workspace: first made inside a cyclic one (as
     * a loss call's), which is rewound and overwritten by the next loop, it still sums rightly.
     */
    @Test
    void blasSumsOutliveTheWorkspaceTheyWereFirstUsedIn() {
        INDArray m = RandomArrays.gaussian(DataType.FLOAT, 6, 400, 301);
        double expected = m.getRow(7).sumNumber().doubleValue();
        for (int loop = 0; loop < 4; loop++) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager()
                    .getAndActivateWorkspace(CallWorkspace.CYCLIC, "ROWS_TEST")) {
                Nd4j.ones(DataType.FLOAT, 20_000).muli(7.0);        // what the workspace's memory holds when reused
                if (loop > 0) {                                     // the first loop only learns the workspace's size
                    assertEquals(expected, Rows.sums(m).getDouble(7, 0), 1e-3, "loop " + loop);
                }
                Nd4j.ones(DataType.FLOAT, 20_000).muli(7.0);
            }
        }
        assertEquals(expected, Rows.sums(m).getDouble(7, 0), 1e-3, "with no workspace open");
    }

    @ParameterizedTest
    @CsvSource({"5,3,DOUBLE,c", "4,1,DOUBLE,f", "1,6,DOUBLE,c", "7,2,FLOAT,c", "3,1,FLOAT,f", "9,8,FLOAT,f",
            "6,5,HALF,c", "4,7,BFLOAT16,c", "6,5,FLOAT,view", "6,5,DOUBLE,view",
            // beyond 2^16 entries the FLOAT/DOUBLE matrices in one piece are summed by BLAS
            "300,256,FLOAT,c", "256,300,DOUBLE,f", "257,256,FLOAT,f", "300,256,FLOAT,view", "300,256,HALF,c",
            // views laid out row by row (BLAS reads them from their offset): a window of rows, a reshaped block
            "300,256,FLOAT,rows", "300,256,DOUBLE,rows", "300,256,FLOAT,reshaped", "6,5,DOUBLE,rows"})
    void sumsMatchLoops(int r, int c, DataType type, String layout) {
        INDArray m;
        if (layout.equals("view")) {      // a window of columns: rows apart, BLAS is not used
            m = RandomArrays.gaussian(type, 3, r, c + 3).get(NDArrayIndex.all(), NDArrayIndex.interval(1, c + 1));
        } else if (layout.equals("rows")) {
            m = RandomArrays.gaussian(type, 3, r + 4, c).get(NDArrayIndex.interval(3, r + 3), NDArrayIndex.all());
        } else if (layout.equals("reshaped")) {
            m = RandomArrays.gaussian(type, 3, r / 2, 2 * c).reshape('c', r, c);
        } else {
            m = RandomArrays.gaussian(type, 3, r, c).dup(layout.charAt(0));
        }
        double[][] v = RandomArrays.toDouble(m);
        double tolerance = (type == DataType.DOUBLE ? 1e-12 : type == DataType.FLOAT ? 1e-5 : 0.1) * Math.max(r, c);
        INDArray rows = Rows.sums(m);
        INDArray columns = Rows.columnSums(m);
        assertArrayEquals(new long[]{r, 1}, rows.shape());
        assertArrayEquals(new long[]{1, c}, columns.shape());
        assertEquals(type, rows.dataType());
        assertEquals(type, columns.dataType());
        assertFalse(rows.isView(), "a new array, not a view of the product");
        for (int i = 0; i < r; i++) {
            double expected = 0;
            for (int j = 0; j < c; j++) expected += v[i][j];
            assertEquals(expected, rows.getDouble(i, 0), tolerance, "row " + i);
        }
        for (int j = 0; j < c; j++) {
            double expected = 0;
            for (int i = 0; i < r; i++) expected += v[i][j];
            assertEquals(expected, columns.getDouble(0, j), tolerance, "column " + j);
        }
    }

    @Test
    void onlyViewsWithRowsApartAreCopied() {
        INDArray wide = RandomArrays.gaussian(DataType.FLOAT, 3, 4, 9);
        INDArray whole = wide.dup();
        assertSame(whole, Rows.withContiguousRows(whole), "an array that is not a view");
        INDArray f = wide.dup('f');
        assertSame(f, Rows.withContiguousRows(f), "an f-ordered array that is not a view");
        INDArray rows = wide.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        assertSame(rows, Rows.withContiguousRows(rows), "a window of rows");

        INDArray columns = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 7));
        INDArray fColumns = f.get(NDArrayIndex.interval(1, 4), NDArrayIndex.all());
        for (INDArray view : new INDArray[]{columns, fColumns}) {
            INDArray copy = Rows.withContiguousRows(view);
            assertNotSame(view, copy);
            assertFalse(copy.isView());
            assertEquals('c', copy.ordering());
            assertEquals(view, copy);
        }
    }

    /** Scattered rows, repeated ones included (two anchors sharing their hardest negative), against a loop. */
    @ParameterizedTest
    @CsvSource({"DOUBLE,true,5", "DOUBLE,false,5", "FLOAT,true,5", "FLOAT,false,5", "FLOAT,true,37"})
    void scatterAddsAndSubtractsEveryUpdateOfRepeatedRows(DataType type, boolean add, int d) {
        int b = 7;                                                 // 37 wide: the host's vector loop and its tail
        int[] rows = {3, 0, 3, 6, 3, 1, 0};
        for (String route : HostKernels.hostPassRoutes(type)) {   // FLOAT's scatter-add on the host too
            HostKernels.useHostPassRoute(route);
            INDArray target = RandomArrays.gaussian(type, 4, b, d);
            INDArray updates = RandomArrays.gaussian(type, 5, b, d);
            double[][] expected = RandomArrays.toDouble(target);
            double[][] u = RandomArrays.toDouble(updates);
            for (int i = 0; i < b; i++) {
                for (int k = 0; k < d; k++) {
                    expected[rows[i]][k] += add ? u[i][k] : -u[i][k];
                }
            }
            INDArray r = add ? Rows.scatterAdd(target, rows, updates) : Rows.scatterSub(target, rows, updates);
            assertSame(target, r, "in place");
            double[][] got = RandomArrays.toDouble(r);
            for (int i = 0; i < b; i++) {
                assertArrayEquals(expected[i], got[i], type == DataType.DOUBLE ? 1e-12 : 1e-5, "row " + i + ", " + route);
            }
        }
    }

    /** Rows replaced in place (an infinite entry among them, as a diagonal cross-entropy's), the others kept. */
    @ParameterizedTest
    @CsvSource({"DOUBLE,1", "FLOAT,1", "FLOAT,4"})
    void scatterUpdateReplacesOnlyItsRows(DataType type, int d) {
        int[] rows = {5, 0, 2};
        INDArray target = RandomArrays.gaussian(type, 6, 7, d);
        target.putScalar(5, 0, Double.POSITIVE_INFINITY);
        INDArray updates = RandomArrays.gaussian(type, 7, rows.length, d);
        double[][] expected = RandomArrays.toDouble(target);
        double[][] u = RandomArrays.toDouble(updates);
        for (int i = 0; i < rows.length; i++) {
            expected[rows[i]] = u[i];
        }
        INDArray r = Rows.scatterUpdate(target, rows, updates);
        assertSame(target, r, "in place");
        double[][] got = RandomArrays.toDouble(r);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], got[i], 0, "row " + i);
        }
    }
}
