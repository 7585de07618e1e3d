package io.github.dl4jlosses.mining;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * The remembered rows of a cross-batch memory (Wang 2020, XBM): a FIFO of embeddings {@code [n, D]} and their
 * class ids {@code [n, 1]}, oldest first, at most {@code capacity} rows, plus the last stored batch and the per-row
 * scores computed with it. Every array lives outside any workspace (detached copies). Not thread-safe: its owner
 * synchronizes.
 */
public final class ReferenceMemory {
    private INDArray embeddings;
    private INDArray ids;
    private INDArray lastBatch;
    private INDArray lastIds;
    private INDArray lastScores;

    /**
     * One call of a cross-batch loss: {@code {per-row scores, gradient or null}} of {@code batch} against the references
     * {@code [batch; newest remembered rows]} (at most {@code capacity}), computed by {@code loss} from the references
     * and their class ids; with a gradient the batch is stored afterwards. A score-only call on exactly the batch
     * stored last returns the scores stored with it; a batch of another data type or width empties the memory first.
     */
    public INDArray[] compute(INDArray batch, INDArray batchIds, int capacity, boolean withGradient,
                              BiFunction<INDArray, INDArray, INDArray[]> loss) {
        INDArray stored = withGradient ? null : scoresIfLastStored(batch, batchIds);
        if (stored != null) {
            return new INDArray[]{stored.dup(), null};
        }
        clearUnlessLike(batch);
        INDArray[] references = references(batch, batchIds, capacity);
        INDArray[] r = loss.apply(references[0], references[1]);
        if (withGradient) {
            store(batch, batchIds, r[0], capacity);
        }
        return r;
    }

    /** Number of rows remembered. */
    public int rows() {
        return embeddings == null ? 0 : (int) embeddings.rows();
    }

    /** Forgets every row. */
    public void clear() {
        embeddings = ids = lastBatch = lastIds = lastScores = null;
    }

    /** Forgets every row if {@code batch} has another data type or width than the remembered rows. */
    void clearUnlessLike(INDArray batch) {
        if (embeddings != null && (embeddings.dataType() != batch.dataType() || embeddings.columns() != batch.columns())) {
            clear();
        }
    }

    /**
     * The scores stored with the batch stored last if {@code batch} and {@code batchIds} are exactly that batch,
     * else null (DL4J computes a layer's gradient, then its score, on the same batch).
     */
    INDArray scoresIfLastStored(INDArray batch, INDArray batchIds) {
        boolean same = lastBatch != null && lastBatch.dataType() == batch.dataType()
                && Arrays.equals(lastBatch.shape(), batch.shape())
                && lastBatch.equalsWithEps(batch, 0.0) && lastIds.equalsWithEps(batchIds.castTo(DataType.DOUBLE), 0.0);
        return same ? lastScores : null;
    }

    /**
     * {@code {[batch; newest remembered rows], their class ids}}: at most {@code capacity} rows, the batch first,
     * the remembered rows as copies.
     */
    INDArray[] references(INDArray batch, INDArray batchIds, int capacity) {
        INDArray qIds = batchIds.castTo(DataType.DOUBLE);
        long keep = Math.min(rows(), Math.max(0, capacity - batch.rows()));
        if (keep == 0) {
            return new INDArray[]{batch, qIds};
        }
        long n = rows();
        INDArray e = embeddings.get(NDArrayIndex.interval(n - keep, n), NDArrayIndex.all());
        INDArray i = ids.get(NDArrayIndex.interval(n - keep, n), NDArrayIndex.all());
        return new INDArray[]{Nd4j.concat(0, batch, e), Nd4j.concat(0, qIds, i)};
    }

    /** Appends the batch (detached copies) and the scores computed with it, keeping the newest {@code capacity} rows. */
    void store(INDArray batch, INDArray batchIds, INDArray scores, int capacity) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray qIds = batchIds.castTo(DataType.DOUBLE);
            INDArray e = embeddings == null ? batch : Nd4j.concat(0, embeddings, batch);
            INDArray i = ids == null ? qIds : Nd4j.concat(0, ids, qIds);
            long n = e.rows();
            long from = Math.max(0, n - capacity);
            embeddings = e.get(NDArrayIndex.interval(from, n), NDArrayIndex.all()).dup('c');
            ids = i.get(NDArrayIndex.interval(from, n), NDArrayIndex.all()).dup('c');
            lastBatch = batch.dup('c');
            lastIds = qIds.dup('c');
            lastScores = scores.dup('c');
        }
    }
}
