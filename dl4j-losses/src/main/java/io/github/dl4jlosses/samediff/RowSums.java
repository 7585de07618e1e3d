package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.function.Supplier;

/**
 * Row sums {@code Σ_k m[i,k]} ({@code [B,D] → [B,1]}) of the embedding-wide matrices of {@link SDDistance}
 * (differences, products and squares of embeddings): a row reduction in graphs built {@link #atLeastTwoWide}, else a
 * product with a column of ones.
 * <p>
 * Why two ways: in ND4J 1.0.0-M2.1 SameDiff cannot reduce an axis of length 1 in a matrix of more than one row (a
 * NullPointerException in {@code BaseReduceOp.noOp}), and rows of width 1 are valid input to {@link SDDistance} in
 * users' graphs. The product with ones is an OpenBLAS matrix-vector product, and its backprop two more; at [1024,512]
 * the tuple twins' calls took up to twice as long in some JVMs as in others with them (OpenBLAS's threads waiting in
 * {@code sched_yield} beside OpenMP's), and were steady and faster with the reduction. The loss twins' own graphs
 * ({@link LossGraph}) are built {@link #atLeastTwoWide}: their input check refuses embeddings of width 1.
 */
final class RowSums {
    /** Set on the thread building a graph whose embeddings are all at least two wide. */
    private static final ThreadLocal<Boolean> WIDE = new ThreadLocal<>();

    private RowSums() {
    }

    /** {@code build()}, whose graph takes row sums by reductions: every embedding it sees is at least two wide. */
    static <T> T atLeastTwoWide(Supplier<T> build) {
        Boolean before = WIDE.get();
        WIDE.set(Boolean.TRUE);
        try {
            return build.get();
        } finally {
            WIDE.set(before);
        }
    }

    /** {@code Σ_k m[i,k]} as {@code [B,1]}. */
    static SDVariable of(SameDiff sd, SDVariable m) {
        return Boolean.TRUE.equals(WIDE.get()) ? m.sum(true, 1) : sd.mmul(m, SDMasks.onesColumn(sd, m, 1));
    }
}
