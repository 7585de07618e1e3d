package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.VectorRows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a miner and a labelled-batch loss look at: the distances {@code D [B,M]} from B query rows (the
 * anchors, the rows that receive a gradient) to M reference rows, and which of those pairs are candidate
 * positives (same class) and negatives (other class).
 * <p>
 * Within one batch the references are the queries themselves ({@code M = B}); with a
 * {@code CrossBatchMemory} they are the batch followed by remembered rows. Either way the reference rows
 * <b>begin with the queries</b>: reference {@code i < B} is query {@code i}, so the pair {@code (i, i)} is a row
 * compared with itself and never a positive.
 */
public final class LabelledDistances {
    /** The distance {@link #distances} were computed with. */
    public final Distance distance;
    /** {@code [B,M]} distances from each query to each reference row. */
    public final INDArray distances;
    /** {@code [B,1]} class ids of the queries (DOUBLE). */
    public final INDArray queryIds;
    /** {@code [M,1]} class ids of the references (DOUBLE); the first B are {@link #queryIds}. */
    public final INDArray referenceIds;
    /** Width D of the embeddings the distances came from. */
    public final long dimension;
    /** {@code [B,M]} 0/1: same class, not the query itself. */
    public final INDArray positives;
    /** {@code [B,M]} 0/1: other class. */
    public final INDArray negatives;
    /** {@link #allPairs()}, once asked. */
    private AnchorPairs allPairs;
    /** {@link #positiveSlots()}, once asked. */
    private PositiveSlots positiveSlots;

    private LabelledDistances(Distance distance, INDArray distances, INDArray queryIds, INDArray referenceIds,
                              long dimension, INDArray positives, INDArray negatives) {
        this.distance = distance;
        this.distances = distances;
        this.queryIds = queryIds;
        this.referenceIds = referenceIds;
        this.dimension = dimension;
        this.positives = positives;
        this.negatives = negatives;
    }

    /**
     * @param distances    {@code [B,M]}, {@code M >= B}
     * @param queryIds     {@code [B,1]} class ids of the queries
     * @param referenceIds {@code [M,1]} class ids of the references, beginning with the queries'
     * @param dimension    width of the embeddings
     */
    public static LabelledDistances of(Distance distance, INDArray distances, INDArray queryIds,
                                       INDArray referenceIds, long dimension) {
        long b = distances.rows();
        long m = distances.columns();
        if (queryIds.length() != b || referenceIds.length() != m || m < b) {
            throw new IllegalArgumentException(String.format("LabelledDistances: expected distances [B,M] with M >= B, "
                    + "%d query ids and %d reference ids, got distances of shape [%d,%d], %d query ids and %d "
                    + "reference ids", b, m, b, m, queryIds.length(), referenceIds.length()));
        }
        DataType type = distances.dataType();
        INDArray q = queryIds.castTo(DataType.DOUBLE).reshape(b, 1);
        INDArray r = referenceIds.castTo(DataType.DOUBLE).reshape(m, 1);
        if (VectorRows.acceptsOnHost(distances)) {
            float[] qf = exactFloats(HostValues.doubles(q));
            float[] rf = qf == null ? null : referenceIds == queryIds ? qf : exactFloats(HostValues.doubles(r));
            if (rf != null) {                                               // both masks in one pass per row
                INDArray[] masks = VectorRows.classMasks(qf, rf);
                return new LabelledDistances(distance, distances, q, r, dimension, masks[0], masks[1]);
            }
        }
        INDArray same = ClassLabels.equalIds(q, r, type);
        INDArray positives = ClassLabels.clearDiagonal(same.dup('c'));
        return new LabelledDistances(distance, distances, q, r, dimension, positives, same.rsubi(1.0));
    }

    /** {@code ids} as floats, or null where a float does not hold one of them exactly (FLOAT's ids end at 2^24). */
    private static float[] exactFloats(double[] ids) {
        float[] f = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            f[i] = (float) ids[i];
            if (f[i] != ids[i]) {
                return null;
            }
        }
        return f;
    }

    /** The distances of one batch against itself ({@code M = B}). */
    public static LabelledDistances within(Distance distance, INDArray distances, INDArray ids, long dimension) {
        return of(distance, distances, ids, ids, dimension);
    }

    /** Number of queries B. */
    public long queries() {
        return distances.rows();
    }

    /** Number of references M. */
    public long references() {
        return distances.columns();
    }

    /** The data type of the distances (and of every mask). */
    public DataType dataType() {
        return distances.dataType();
    }

    /**
     * Every candidate positive and negative of the anchors that have both ({@link AnchorPairs#ofBatch}), computed once:
     * the default miner and the loss after it ask for the same pairs.
     */
    public AnchorPairs allPairs() {
        if (allPairs == null) {
            allPairs = AnchorPairs.ofBatch(this);
        }
        return allPairs;
    }

    /**
     * The candidate positives as a slot table ({@link PositiveSlots}), from the class ids, made once: the pairs of
     * {@link #allPairs()} count from it and the losses after them read it.
     */
    public PositiveSlots positiveSlots() {
        if (positiveSlots == null) {
            positiveSlots = PositiveSlots.of(queryIds, referenceIds);
        }
        return positiveSlots;
    }
}
