package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * An array's values copied to the Java heap, row-major and flat, in one native copy. {@code INDArray.toDoubleMatrix}
 * and {@code toFloatMatrix} copy row by row (a view and a copy per row): 45–70 ms for a {@code [512,1]} label column
 * and 18 ms for a {@code [512,512]} mask, where one copy takes 0.05–0.1 ms and 0.5 ms (measured, 2 threads).
 * An array that is the whole of its buffer in row-major order is read straight from the buffer on the CPU backend:
 * {@code toDoubleVector} would first copy it with a native {@code assign} (the ids and diagonals a loss reads on the
 * host each call are such arrays).
 */
public final class HostValues {
    private HostValues() {
    }

    /**
     * The values of {@code x} as doubles, row-major: element {@code (i, j)} of a {@code [R,C]} matrix at
     * {@code i·C + j}.
     */
    public static double[] doubles(INDArray x) {
        return wholeBufferOnHost(x) ? x.data().asDouble() : flat(x).toDoubleVector();
    }

    /** The values of {@code x} as ints (indices, say), row-major (see {@link #doubles}). */
    public static int[] ints(INDArray x) {
        return wholeBufferOnHost(x) ? x.data().asInt() : flat(x).toIntVector();
    }

    /** The values of {@code x} as floats, row-major (see {@link #doubles}). */
    public static float[] floats(INDArray x) {
        return wholeBufferOnHost(x) ? x.data().asFloat() : flat(x).toFloatVector();
    }

    /**
     * The entries {@code (i, i)}, {@code i < min(R,C)}, of a {@code [R,C]} matrix that is the whole of its buffer on
     * the host ({@link #wholeBufferOnHost}), read from the buffer at {@code i·(C + 1)}: no native op.
     *
     * @throws IllegalArgumentException for another array (take a copy of its diagonal and {@link #doubles} of it)
     */
    public static double[] diagonal(INDArray x) {
        if (x.rank() != 2 || !wholeBufferOnHost(x)) {
            throw new IllegalArgumentException("expected a c-ordered matrix that is the whole of its host buffer, got "
                    + x.shapeInfoToString().replace('\n', ' '));
        }
        int n = (int) Math.min(x.rows(), x.columns());
        long step = x.columns() + 1;
        DataBuffer data = x.data();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = data.getDouble(i * step);
        }
        return v;
    }

    /**
     * The leading {@code rows × columns} block of a {@code [R,C]} matrix as floats, row-major: read from the buffer
     * where the matrix is the whole of it on the host ({@link #wholeBufferOnHost}), else from a copy of the block.
     */
    public static float[] leadingBlock(INDArray x, int rows, int columns) {
        int r = (int) Math.min(rows, x.rows());
        int c = (int) Math.min(columns, x.columns());
        if (x.rank() != 2 || !wholeBufferOnHost(x)) {
            return floats(x.get(NDArrayIndex.interval(0, r), NDArrayIndex.interval(0, c)));
        }
        DataBuffer data = x.data();
        long width = x.columns();
        float[] v = new float[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                v[i * c + j] = data.getFloat(i * width + j);
            }
        }
        return v;
    }

    /**
     * {@code v} as a new {@code [n,1]} column of {@code type} (in the current workspace, if one is open): FLOAT and
     * DOUBLE are copied from the heap without a native op (each value rounded to FLOAT once); another type is made
     * in DOUBLE and cast.
     */
    public static INDArray column(double[] v, DataType type) {
        long[] shape = {v.length, 1};
        if (type == DataType.DOUBLE) {
            return Nd4j.create(v, shape, DataType.DOUBLE);
        }
        if (type != DataType.FLOAT) {
            return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Nd4j.create(f, shape, DataType.FLOAT);
    }

    /** {@code v} as a new FLOAT {@code [n,1]} column (in the current workspace, if one is open), copied from the heap. */
    public static INDArray column(float[] v) {
        return Nd4j.create(v, new long[]{v.length, 1}, DataType.FLOAT);
    }

    /** The rows of a {@code [R,C]} matrix as doubles, {@code [R][C]}, from one copy (see {@link #doubles}). */
    public static double[][] doubleRows(INDArray x) {
        double[] v = doubles(x);
        int columns = (int) x.columns();
        double[][] rows = new double[(int) x.rows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(v, i * columns, (i + 1) * columns);
        }
        return rows;
    }

    /** The rows of a {@code [R,C]} matrix as floats, {@code [R][C]}, from one copy (see {@link #doubles}). */
    public static float[][] floatRows(INDArray x) {
        float[] v = floats(x);
        int columns = (int) x.columns();
        float[][] rows = new float[(int) x.rows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(v, i * columns, (i + 1) * columns);
        }
        return rows;
    }

    /**
     * Whether {@code x}'s buffer holds exactly its values in row-major order and lives in host memory (the CPU
     * backend; a CUDA buffer's host copy may be stale until {@code dup} synchronises it): then reading the buffer
     * needs no native copy first. A reshape's buffer wraps the original one and counts (ND4J calls the array a view):
     * from offset 0 and of the array's length, it reads the same elements.
     */
    public static boolean wholeBufferOnHost(INDArray x) {
        return Nd4j.getExecutioner().type() == OpExecutioner.ExecutionerType.NATIVE_CPU
                && !x.isEmpty() && x.offset() == 0 && x.length() == x.data().length()
                && x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x);
    }

    /** {@code x} as a c-ordered vector: a view when x is c-contiguous, else a c-ordered copy. */
    private static INDArray flat(INDArray x) {
        return x.reshape('c', new long[]{x.length()});
    }
}
