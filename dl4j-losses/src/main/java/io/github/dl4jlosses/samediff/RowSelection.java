package io.github.dl4jlosses.samediff;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The rows a per-example mask keeps (value ≠ 0): gathered into a dense sub-batch and scattered back. */
final class RowSelection {
    private final int rows;
    private final int[] kept;

    private RowSelection(int rows, int[] kept) {
        this.rows = rows;
        this.kept = kept;
    }

    static RowSelection of(INDArray mask) {
        double[] m = mask.reshape(mask.length()).toDoubleVector();
        int[] kept = new int[m.length];
        int n = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] != 0.0) {
                kept[n++] = i;
            }
        }
        return new RowSelection(m.length, java.util.Arrays.copyOf(kept, n));
    }

    boolean all() {
        return kept.length == rows;
    }

    int size() {
        return kept.length;
    }

    /** The kept rows of {@code x}. */
    INDArray gather(INDArray x) {
        return Nd4j.pullRows(x, 1, kept);
    }

    /** A {@code [rows, cols]} array with {@code sub}'s rows at the kept positions and zeros elsewhere. */
    INDArray scatter(INDArray sub) {
        INDArray out = Nd4j.zeros(sub.dataType(), rows, sub.columns());
        for (int k = 0; k < kept.length; k++) {
            out.putRow(kept[k], sub.getRow(k));
        }
        return out;
    }
}
