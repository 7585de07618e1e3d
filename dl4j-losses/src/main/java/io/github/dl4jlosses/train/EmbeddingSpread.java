package io.github.dl4jlosses.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How far apart the rows of a batch of embeddings are, relative to their size:
 * {@code sqrt(mean_j var_i x[i,j]) / sqrt(mean x²)}. It is 0 when every row is the same vector (including
 * all-zero rows), does not depend on the scale of the embeddings, and is at most 1 (variance never exceeds
 * the mean square). Cost: two reductions over the {@code [B, W]} array, no copy (HALF is first cast to FLOAT,
 * whose 1e-3 resolution is too coarse for small spreads).
 */
final class EmbeddingSpread {
    private EmbeddingSpread() {
    }

    /** The relative spread of the rows of {@code x} (rank ≥ 2, one example per row of dimension 0); NaN if it has fewer than 2 rows or non-finite values. */
    static double of(INDArray x) {
        if (x == null || x.rank() < 2 || x.size(0) < 2 || x.length() == 0) {
            return Double.NaN;
        }
        // The listener is called inside DL4J's activation workspace (MultiLayerNetwork does not leave it):
        // keep the scalars out of it.
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray rows = x.rank() == 2 ? x : x.reshape(x.size(0), x.length() / x.size(0));
            if (rows.dataType() == DataType.HALF) {
                rows = rows.castTo(DataType.FLOAT);
            }
            double meanVariance = rows.var(false, 0).meanNumber().doubleValue();
            double meanSquare = Math.pow(rows.norm2Number().doubleValue(), 2) / rows.length();
            if (!Double.isFinite(meanVariance) || !Double.isFinite(meanSquare)) {
                return Double.NaN;
            }
            return meanSquare == 0 ? 0.0 : Math.sqrt(Math.max(meanVariance, 0.0) / meanSquare);
        }
    }
}
