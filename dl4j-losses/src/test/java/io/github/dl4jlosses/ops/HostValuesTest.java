package io.github.dl4jlosses.ops;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.profiler.OpProfiler;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HostValues} reads every element {@code (i, j)} at {@code i·C + j}, whatever the array's layout: c-ordered,
 * f-ordered, a column block (a strided view with an offset), a single column, a reshape (ND4J's view of the whole
 * buffer), the first and the last row of a matrix (views without and with an offset), and in every data type labels
 * come in; an array that is the whole of its buffer is read without a native copy.
 */
class HostValuesTest {
    @ParameterizedTest
    @CsvSource({"c,5,3,DOUBLE", "f,5,3,DOUBLE", "block,4,6,DOUBLE", "c,7,1,DOUBLE", "f,1,4,DOUBLE",
            "reshape,6,2,DOUBLE", "firstRow,1,5,DOUBLE", "lastRow,1,5,DOUBLE",
            "c,7,1,FLOAT", "reshape,7,1,FLOAT", "c,4,3,HALF", "c,7,1,INT", "c,7,1,LONG", "block,3,2,INT",
            "c,6,1,BOOL", "f,3,2,BOOL"})
    void rowMajorWhateverTheLayout(String layout, int rows, int columns, DataType type) {
        INDArray base = RandomArrays.gaussian(DataType.DOUBLE, 3, rows + 1, 2 * columns).muli(4);
        if (type == DataType.BOOL) {
            base = base.gt(0.0);
        } else if (!type.isFPType()) {
            base = Transforms.round(base, true);
        }
        base = base.castTo(type);
        INDArray x;
        switch (layout) {
            case "f":
                x = base.get(NDArrayIndex.interval(0, rows), NDArrayIndex.interval(0, columns)).dup('f');
                break;
            case "block":
                x = base.get(NDArrayIndex.interval(0, rows), NDArrayIndex.interval(columns, 2 * columns));
                break;
            case "reshape":
                x = base.get(NDArrayIndex.interval(0, rows), NDArrayIndex.interval(0, columns)).dup('c')
                        .reshape('c', new long[]{rows * columns}).reshape('c', new long[]{rows, columns});
                break;
            case "firstRow":
                x = base.get(NDArrayIndex.all(), NDArrayIndex.interval(0, columns)).dup('c').get(NDArrayIndex.interval(0, 1), NDArrayIndex.all());
                break;
            case "lastRow":
                x = base.get(NDArrayIndex.all(), NDArrayIndex.interval(0, columns)).dup('c').get(NDArrayIndex.interval(rows, rows + 1), NDArrayIndex.all());
                break;
            default:
                x = base.get(NDArrayIndex.interval(0, rows), NDArrayIndex.interval(0, columns)).dup('c');
        }
        double[] d = HostValues.doubles(x);
        int[] n = HostValues.ints(x);
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
                assertEquals(x.getDouble(i, j), d[i * columns + j], 0.0, layout + " " + type + " (" + i + "," + j + ")");
                assertEquals(x.getInt(i, j), n[i * columns + j], layout + " " + type + " as int (" + i + "," + j + ")");
                assertEquals((float) x.getDouble(i, j), f[i * columns + j], 0.0f, "(" + i + "," + j + ")");
                assertEquals(x.getDouble(i, j), dr[i][j], 0.0, "row " + i + ", column " + j);
                assertEquals((float) x.getDouble(i, j), fr[i][j], 0.0f, "row " + i + ", column " + j);
            }
        }
    }

    /**
     * The class ids and diagonals a loss reads on the host every call are fresh arrays (or reshapes of them): reading
     * one runs no native op, where a strided view still takes its one copy (which shows that the count sees copies).
     */
    @Test
    void wholeArrayIsReadWithoutANativeCopy() {
        INDArray fresh = RandomArrays.gaussian(DataType.FLOAT, 5, 64, 1);
        INDArray reshaped = RandomArrays.gaussian(DataType.FLOAT, 6, 8, 8).reshape('c', new long[]{64, 1});
        INDArray column = RandomArrays.gaussian(DataType.FLOAT, 7, 64, 3).getColumn(1);
        assertEquals(0, nativeOpsWhile(() -> HostValues.doubles(fresh)));
        assertEquals(0, nativeOpsWhile(() -> HostValues.floats(reshaped)));
        assertTrue(nativeOpsWhile(() -> HostValues.doubles(column)) > 0, "a strided column is copied first");
        assertFalse(HostValues.wholeBufferOnHost(column));
    }

    private static int nativeOpsWhile(Runnable r) {
        List<String> ops = new ArrayList<>();
        OpProfiler.OpProfilerListener listener = op -> ops.add(op.opName());
        OpExecutioner executioner = Nd4j.getExecutioner();
        OpExecutioner.ProfilingMode before = executioner.getProfilingMode();
        executioner.setProfilingMode(OpExecutioner.ProfilingMode.ALL);
        OpProfiler.getInstance().addListener(listener);
        try {
            r.run();
        } finally {
            OpProfiler.getInstance().clearListener(listener);
            executioner.setProfilingMode(before);
        }
        return ops.size();
    }

    /** The diagonal of a square, wide or tall matrix read from its buffer; a strided view is refused, not misread. */
    @ParameterizedTest
    @CsvSource({"5,5,FLOAT", "4,9,DOUBLE", "9,4,FLOAT"})
    void diagonalFromTheBuffer(int rows, int columns, DataType type) {
        INDArray x = RandomArrays.gaussian(type, 11, rows, columns);
        double[] d = HostValues.diagonal(x);
        assertEquals(Math.min(rows, columns), d.length);
        for (int i = 0; i < d.length; i++) {
            assertEquals(x.getDouble(i, i), d[i], 0.0, "(" + i + "," + i + ")");
        }
        assertEquals(0, nativeOpsWhile(() -> HostValues.diagonal(x)));
        INDArray block = RandomArrays.gaussian(type, 12, rows, 2 * columns).get(NDArrayIndex.all(),
                NDArrayIndex.interval(columns, 2 * columns));
        assertThrows(IllegalArgumentException.class, () -> HostValues.diagonal(block));
    }

    /**
     * A column made from heap values: its shape, type and values, in the open workspace, with no native op for FLOAT
     * and DOUBLE.
     */
    @ParameterizedTest
    @CsvSource({"FLOAT", "DOUBLE"})
    void columnFromHeapValues(DataType type) {
        double[] v = {0.1, -2.5, 1e-30, 3.0e7};
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace("HostValuesTest")) {
            INDArray[] c = new INDArray[1];
            assertEquals(0, nativeOpsWhile(() -> c[0] = HostValues.column(v, type)));
            assertArrayEquals(new long[]{4, 1}, c[0].shape());
            assertEquals(type, c[0].dataType());
            assertTrue(c[0].isAttached(), "allocated in the open workspace");
            for (int i = 0; i < v.length; i++) {
                assertEquals(type == DataType.FLOAT ? (float) v[i] : v[i], c[0].getDouble(i, 0), 0.0);
            }
        }
        INDArray half = HostValues.column(v, DataType.HALF);                  // made in DOUBLE and cast
        assertEquals(DataType.HALF, half.dataType());
        assertEquals(Nd4j.createFromArray(v).castTo(DataType.HALF).getDouble(3), half.getDouble(3, 0), 0.0);
    }

    /** The leading block of a matrix, from its buffer or from a copy of a view's block; clipped to the matrix. */
    @ParameterizedTest
    @CsvSource({"whole,20,70,16,64", "whole,5,9,16,64", "block,20,70,16,64"})
    void leadingBlockRowMajor(String layout, int rows, int columns, int blockRows, int blockColumns) {
        INDArray base = RandomArrays.gaussian(DataType.FLOAT, 13, rows, 2 * columns);
        INDArray x = layout.equals("whole") ? base.get(NDArrayIndex.all(), NDArrayIndex.interval(0, columns)).dup('c')
                : base.get(NDArrayIndex.all(), NDArrayIndex.interval(columns, 2 * columns));
        float[] v = HostValues.leadingBlock(x, blockRows, blockColumns);
        int r = Math.min(rows, blockRows);
        int c = Math.min(columns, blockColumns);
        assertEquals(r * c, v.length);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                assertEquals(x.getFloat(i, j), v[i * c + j], 0.0f, layout + " (" + i + "," + j + ")");
            }
        }
        if (layout.equals("whole")) {
            assertEquals(0, nativeOpsWhile(() -> HostValues.leadingBlock(x, blockRows, blockColumns)));
        }
    }
}
