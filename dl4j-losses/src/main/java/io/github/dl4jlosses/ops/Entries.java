package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Entries of a matrix picked by position, in one native gather ({@code pullRows} over the matrix seen as a column). */
public final class Entries {
    private Entries() {
    }

    /** The entries of {@code m} at row-major flat positions {@code flat}, as {@code [rows, cols]}. */
    public static INDArray atFlat(INDArray m, int[] flat, long rows, long cols) {
        INDArray column = m.reshape('c', m.length(), 1);     // a view when m is c-contiguous (no copy)
        return Nd4j.pullRows(column, 1, flat).reshape(rows, cols);
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
}
