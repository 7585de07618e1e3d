package io.github.dl4jlosses.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rows a per-example mask keeps (mask value ≠ 0): gathers them into a dense sub-batch and scatters
 * a sub-batch result back to all {@code B} rows with zeros in the masked ones. Gather and scatter are
 * single native {@code pullRows} calls; only the {@code B} mask values are read on the Java side.
 */
final class RowSubset {
    private final int rows;
    private final int[] kept;
    /** For every original row, its position in the sub-batch, or {@code kept.length} (a zero row) if masked. */
    private final int[] back;

    private RowSubset(int rows, int[] kept, int[] back) {
        this.rows = rows;
        this.kept = kept;
        this.back = back;
    }

    /** The subset a mask keeps, or null when the mask is absent or keeps every row. */
    static RowSubset of(INDArray mask, long rows) {
        if (mask == null) {
            return null;
        }
        double[] m = mask.reshape(mask.length()).toDoubleVector();
        int n = 0;
        int[] kept = new int[m.length];
        int[] back = new int[m.length];
        for (int i = 0; i < m.length; i++) {
            if (m[i] != 0.0) {
                back[i] = n;
                kept[n++] = i;
            } else {
                back[i] = -1;
            }
        }
        if (n == m.length) {
            return null;
        }
        for (int i = 0; i < back.length; i++) {
            if (back[i] < 0) back[i] = n;
        }
        return new RowSubset((int) rows, java.util.Arrays.copyOf(kept, n), back);
    }

    int size() {
        return kept.length;
    }

    int rows() {
        return rows;
    }

    /** The kept rows of {@code x} (null stays null). Requires {@link #size()} &gt; 0. */
    INDArray gather(INDArray x) {
        return x == null ? null : Nd4j.pullRows(x, 1, kept);
    }

    /** A {@code [B, cols]} array holding {@code sub}'s rows at the kept positions and zeros elsewhere. */
    INDArray scatter(INDArray sub) {
        INDArray padded = Nd4j.vstack(sub, Nd4j.zeros(sub.dataType(), 1, sub.columns()));
        return Nd4j.pullRows(padded, 1, back);
    }
}
