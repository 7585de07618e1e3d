package io.github.dl4jlosses.ops;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link HostValues} reads every element {@code (i, j)} at {@code i·C + j}, whatever the array's layout: c-ordered,
 * f-ordered, a column block (a strided view with an offset), a single column.
 */
class HostValuesTest {
    @ParameterizedTest
    @CsvSource({"c,5,3", "f,5,3", "block,4,6", "c,7,1", "f,1,4"})
    void rowMajorWhateverTheLayout(String layout, int rows, int columns) {
        INDArray base = RandomArrays.gaussian(DataType.DOUBLE, 3, rows, 2 * columns);
        INDArray x;
        switch (layout) {
            case "f":
                x = base.get(NDArrayIndex.all(), NDArrayIndex.interval(0, columns)).dup('f');
                break;
            case "block":
                x = base.get(NDArrayIndex.all(), NDArrayIndex.interval(columns, 2 * columns));
                break;
            default:
                x = base.get(NDArrayIndex.all(), NDArrayIndex.interval(0, columns)).dup('c');
        }
        double[] d = HostValues.doubles(x);
        float[] f = HostValues.floats(x);
        double[][] dr = HostValues.doubleRows(x);
        float[][] fr = HostValues.floatRows(x);
        assertEquals(rows, dr.length);
        assertEquals(rows, fr.length);
        assertEquals(rows * columns, d.length);
        assertEquals(rows * columns, f.length);
        for (int i = 0; i < rows; i++) {
            assertEquals(columns, dr[i].length);
            assertEquals(columns, fr[i].length);
            for (int j = 0; j < columns; j++) {
                assertEquals(x.getDouble(i, j), d[i * columns + j], 0.0, "(" + i + "," + j + ")");
                assertEquals((float) x.getDouble(i, j), f[i * columns + j], 0.0f, "(" + i + "," + j + ")");
                assertEquals(x.getDouble(i, j), dr[i][j], 0.0, "row " + i + ", column " + j);
                assertEquals((float) x.getDouble(i, j), fr[i][j], 0.0f, "row " + i + ", column " + j);
            }
        }
    }
}
