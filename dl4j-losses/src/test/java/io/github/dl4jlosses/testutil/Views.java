package io.github.dl4jlosses.testutil;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

/**
 * The same values as an array in the layouts a caller may hand over: a window of columns of a wider c- or f-ordered
 * array (rows apart in memory), an f-ordered array, a window of rows of a taller array. The rest of the wider array
 * holds other values, so reading outside the window shows.
 */
public final class Views {
    private Views() {
    }

    /** The layouts {@link #of} makes. */
    public static final List<String> LAYOUTS = List.of("columns", "f", "rows", "f columns");

    /** {@code x}'s values in {@code layout} (one of {@link #LAYOUTS}). */
    public static INDArray of(INDArray x, String layout) {
        long r = x.size(0);
        long c = x.size(1);
        switch (layout) {
            case "columns":
                return Nd4j.valueArrayOf(new long[]{r, c + 3}, 9.0, x.dataType())
                        .get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + c)).assign(x);
            case "f":
                return x.dup('f');
            case "rows":
                return Nd4j.valueArrayOf(new long[]{r + 3, c}, 9.0, x.dataType())
                        .get(NDArrayIndex.interval(2, 2 + r), NDArrayIndex.all()).assign(x);
            case "f columns":
                return Nd4j.valueArrayOf(new long[]{r, c + 3}, 9.0, x.dataType()).dup('f')
                        .get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + c)).assign(x);
            default:
                throw new IllegalArgumentException("unknown layout " + layout);
        }
    }
}
