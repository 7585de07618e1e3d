package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Entries of a matrix picked by row-major flat position: read, and added to, through the array's buffer, one entry at
 * a time. These are a few entries per row (a P×K batch's positives, one hardest pair per anchor), and libnd4j's gather
 * and scatter ops cost in proportion to the whole matrix: {@code pullRows} and {@code scatter_add} over the matrix seen
 * as a column build one TAD per entry of it, 0.15–0.2 ms and 0.9–1.2 ms for 1,536 entries of a {@code [512,512]} FLOAT
 * matrix against ~0.03 ms for a read and a write of each through the buffer (session 22, 2 threads, in a workspace).
 */
public final class Entries {
    private Entries() {
    }

    /** The entries of {@code m} at row-major flat positions {@code flat}, as a new {@code [rows, cols]} array. */
    public static INDArray atFlat(INDArray m, int[] flat, long rows, long cols) {
        INDArray c = contiguous(m);
        DataBuffer data = c.data();     // a view's buffer begins at its first entry: positions count from there
        INDArray out;
        if (m.dataType() == DataType.FLOAT) {
            float[] v = new float[flat.length];
            for (int k = 0; k < flat.length; k++) {
                v[k] = data.getFloat(flat[k]);
            }
            out = Nd4j.createFromArray(v);
        } else {
            double[] v = new double[flat.length];
            for (int k = 0; k < flat.length; k++) {
                v[k] = data.getDouble(flat[k]);
            }
            out = Nd4j.createFromArray(v).castTo(m.dataType());
        }
        return out.reshape(rows, cols);
    }

    /** {@code m[i, columns[i]]}, one entry per row of a {@code [R,C]} matrix: {@code [R,1]}. */
    public static INDArray perRow(INDArray m, int[] columns) {
        long width = m.columns();
        int[] flat = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {      // R row offsets: index arithmetic, not a pass over the matrix
            flat[i] = (int) (i * width) + columns[i];
        }
        return atFlat(m, flat, columns.length, 1);
    }

    /**
     * {@code m[flat[k]] += values[k]} for every k in turn (repeated positions add up), in place: the inverse of
     * {@link #atFlat}. {@code m} must be c-ordered with its default strides (a view of consecutive rows is); the values
     * are read in their row-major order.
     *
     * @return {@code m}
     */
    public static INDArray addAtFlat(INDArray m, int[] flat, INDArray values) {
        if (!isContiguous(m)) {
            throw new IllegalArgumentException(String.format("Entries.addAtFlat: expected a c-ordered array with its "
                    + "default strides, got %s in '%s' order with strides %s", Arrays.toString(m.shape()),
                    m.ordering(), Arrays.toString(m.stride())));
        }
        if (values.length() != flat.length) {
            throw new IllegalArgumentException("Entries.addAtFlat: expected " + flat.length + " values, got "
                    + values.length() + " " + Arrays.toString(values.shape()));
        }
        double[] v = HostValues.doubles(values);
        DataBuffer data = m.data();     // a view's buffer begins at its first entry
        for (int k = 0; k < flat.length; k++) {
            int at = flat[k];
            data.put(at, data.getDouble(at) + v[k]);
        }
        return m;
    }

    /** Whether the flat position of {@code (i, j)} in {@code m}'s buffer is {@code i·C + j}. */
    public static boolean isContiguous(INDArray m) {
        return m.ordering() == 'c' && Shape.hasDefaultStridesForShape(m);
    }

    private static INDArray contiguous(INDArray m) {
        return isContiguous(m) ? m : m.dup('c');
    }
}
