package io.github.dl4jlosses.ops;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link Rows#dot} and {@link Rows#squaredNorms} against plain loops, including D = 1 (where libnd4j's SquaredNorm
 * returns |x| instead of x²); {@link Rows#withContiguousRows} copies only views whose rows are apart.
 */
class RowsTest {
    @ParameterizedTest
    @CsvSource({"5,3,DOUBLE", "4,1,DOUBLE", "1,6,DOUBLE", "7,2,FLOAT", "3,1,FLOAT"})
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
                assertEquals(expected, r.getDouble(i, 0), type == DataType.DOUBLE ? 1e-12 : 1e-5, "row " + i);
            }
        }
        INDArray norms = Rows.squaredNorms(x);
        assertArrayEquals(new long[]{b, 1}, norms.shape());
        for (int i = 0; i < b; i++) {
            double expected = 0;
            for (int k = 0; k < d; k++) expected += xv[i][k] * xv[i][k];
            assertEquals(expected, norms.getDouble(i, 0), type == DataType.DOUBLE ? 1e-12 : 1e-5, "squared norm " + i);
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
}
