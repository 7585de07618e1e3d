package io.github.dl4jlosses.mining;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.impl.transforms.segment.UnsortedSegmentSum;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The (anchor, positive) pairs of a labelled batch as index vectors (row-major order, so grouped by anchor),
 * with the gathers and segment sums that let a mined triplet loss work on {@code P} pairs × {@code B}
 * candidate negatives — {@code O(P·B)} time and memory, {@code P = Σ_c n_c(n_c − 1)} — rather than on every
 * (anchor, column) pair × {@code B} candidates ({@code O(B³)} work). All of it is vectorized ND4J ops; slices
 * ({@link #slice}) bound the memory of one block of pairs.
 */
public final class PositivePairs {
    /** Batch size B. */
    public final long batch;
    /** Number of pairs P in this (slice of) pairs. */
    public final long count;
    /** Anchor row of each pair, {@code [P]} LONG (null when P = 0). */
    public final INDArray anchor;
    /** Positive row of each pair, {@code [P]} LONG (null when P = 0). */
    public final INDArray positive;

    private PositivePairs(long batch, INDArray anchor, INDArray positive) {
        this.batch = batch;
        this.anchor = anchor;
        this.positive = positive;
        this.count = anchor == null ? 0 : anchor.length();
    }

    /** The pairs {@code (i, j)} where {@code positives[i, j] != 0}, from a {@code [B,B]} mask. */
    public static PositivePairs of(INDArray positives) {
        INDArray[] rc = Nd4j.where(positives.castTo(DataType.BOOL), null, null);
        if (rc.length < 2 || rc[0].isEmpty()) {
            return new PositivePairs(positives.rows(), null, null);
        }
        return new PositivePairs(positives.rows(), rc[0], rc[1]);
    }

    /** Pairs {@code from} (inclusive) to {@code to} (exclusive), as views. */
    public PositivePairs slice(long from, long to) {
        return new PositivePairs(batch, anchor.get(NDArrayIndex.interval(from, to)),
                positive.get(NDArrayIndex.interval(from, to)));
    }

    /** Row {@code anchor_k} of {@code m} for every pair: {@code [P, m.columns()]}. */
    public INDArray anchorRows(INDArray m) {
        return Nd4j.exec(new Gather(m, anchor, 0))[0];
    }

    /** Entry {@code (anchor_k, column_k)} of a {@code [B,B]} matrix for every pair: {@code [P,1]}. */
    public INDArray at(INDArray m, INDArray column) {
        INDArray flat = m.reshape(m.length());
        return Nd4j.exec(new Gather(flat, flatIndex(column), 0))[0].reshape(count, 1);
    }

    /** Entry {@code (anchor_k, positive_k)}: {@code [P,1]}. */
    public INDArray atPairs(INDArray m) {
        return at(m, positive);
    }

    /** Σ over the pairs of each anchor: {@code values [P, k]} → {@code [B, k]}. */
    public INDArray sumByAnchor(INDArray values) {
        if (count == 1) {
            // unsorted_segment_sum misplaces a single-row [1, k] input in ND4J 1.0.0-M2.1 (it is read as a vector)
            INDArray out = Nd4j.zeros(values.dataType(), batch, values.columns());
            out.getRow(anchor.getLong(0), true).assign(values);
            return out;
        }
        return Nd4j.exec(new UnsortedSegmentSum(values, anchor, (int) batch))[0];
    }

    /**
     * A {@code [B,B]} matrix holding, at each {@code (anchor_k, column_k)}, the sum of the {@code values}
     * ({@code [P,1]}) of the pairs that point there (repeated positions add up).
     */
    public INDArray sumAt(INDArray column, INDArray values) {
        INDArray flat = Nd4j.exec(new UnsortedSegmentSum(values.reshape(count), flatIndex(column),
                (int) (batch * batch)))[0];
        return flat.reshape(batch, batch);
    }

    /** {@code anchor_k · B + column_k} (LONG), for a column index given as any numeric {@code [P]} or {@code [P,1]}. */
    private INDArray flatIndex(INDArray column) {
        INDArray c = column.dataType() == DataType.LONG ? column : column.castTo(DataType.LONG);
        return anchor.mul(batch).addi(c.reshape(count));
    }
}
