package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a labelled-batch loss graph compares: the distances {@code d [B,M]} from B query rows to M reference rows
 * and the candidate pairs, {@code positives} (same class, not the query itself) and {@code negatives} (other
 * class), each {@code [B,M]}. Within a batch the references are the queries; a cross-batch memory's references
 * begin with them (reference {@code i < B} is query {@code i}), as in the analytic {@code LabelledDistances}.
 */
final class SDPairs {
    final SDVariable d;
    final SDVariable positives;
    final SDVariable negatives;
    /** What {@link #d} was computed from, for {@link #picked}. */
    private final Distance distance;
    private final SDVariable queries;
    private final SDVariable references;

    /** The cosine similarities {@code 1 − d} where {@link #d} is the cosine distance, else null. */
    private final SDVariable cosine;

    private SDPairs(SameDiff sd, Distance distance, SDVariable queries, SDVariable references, SDVariable positives,
                    SDVariable negatives) {
        // cosine pairs keep the similarities the distance is made from: the losses on them read 1 − d, which would be
        // two more passes over the matrix and two in the backprop (SameDiff runs only the ops a requested output needs)
        if (distance == Distance.COSINE) {
            SDChecks.requireSameWidth("SDDistance.matrix", queries, references);   // as SDDistance.matrix checks
            this.cosine = SDDistance.cosineMatrix(sd, queries, references, 1.0);
            this.d = cosine.rsub(1.0);
        } else {
            this.cosine = null;
            this.d = SDDistance.matrix(sd, null, distance, queries, references);
        }
        this.positives = positives;
        this.negatives = negatives;
        this.distance = distance;
        this.queries = queries;
        this.references = references;
    }

    /**
     * {@code d[i, index_i]} ({@code [B,1]}) recomputed from query i and the reference row it picks (an integer
     * {@code [B]}, e.g. {@link SDMasks#argMin}): its gradient is {@code [B,D]} work, where a pick from {@link #d}
     * would be back-propagated through the whole {@code [B,M]} matrix (two products).
     */
    SDVariable picked(SameDiff sd, SDVariable index) {
        return SDDistance.rowwise(sd, null, distance, queries, GatherRows.of(sd, references, index));
    }

    /** The pairs of one batch: {@code embeddings [B,D]} against themselves, labels class ids or one-hot. */
    static SDPairs within(SameDiff sd, Distance distance, SDVariable embeddings, SDVariable labels) {
        SDVariable[] masks = SDLabelledBatchLosses.classMasks(sd, embeddings, labels);
        return new SDPairs(sd, distance, embeddings, embeddings, masks[0], masks[1]);
    }

    /**
     * Queries {@code [B,D]} with class ids {@code [B,1]} against references {@code [M,D]} (constants for autodiff:
     * placeholders) with class ids {@code [M,1]}, the first B references being the queries.
     */
    static SDPairs against(SameDiff sd, Distance distance, SDVariable queries, SDVariable queryIds,
                           SDVariable references, SDVariable referenceIds) {
        DataType type = queries.dataType();
        SDVariable q = queryIds.castTo(DataType.DOUBLE);
        SDVariable r = sd.reshape(referenceIds.castTo(DataType.DOUBLE), 1, -1);
        SDVariable same = q.sub(r).eq(0.0).castTo(type);                                   // [B,M]
        SDVariable rowIndex = sd.reshape(sd.range(sd.constant(0.0), sd.sizeAt(queries, 0).castTo(DataType.DOUBLE),
                sd.constant(1.0), DataType.DOUBLE), -1, 1);
        SDVariable columnIndex = sd.reshape(sd.range(sd.constant(0.0), sd.sizeAt(references, 0).castTo(DataType.DOUBLE),
                sd.constant(1.0), DataType.DOUBLE), 1, -1);
        SDVariable self = rowIndex.sub(columnIndex).eq(0.0).castTo(type);                  // [B,M]: reference i = query i
        return new SDPairs(sd, distance, queries, references, same.sub(self), same.rsub(1.0));
    }

    /**
     * One batch {@code [B,D]} against a detached copy of itself ({@link SDMasks#withoutGradient}): the pairs of
     * {@link #within}, with no gradient through the reference side (a {@code StopGradient} would still
     * back-propagate zeros through the distance matrix to it).
     */
    static SDPairs againstDetachedSelf(SameDiff sd, Distance distance, SDVariable embeddings, SDVariable labels) {
        SDVariable[] masks = SDLabelledBatchLosses.classMasks(sd, embeddings, labels);
        SDVariable detached = SDMasks.withoutGradient(sd, embeddings);
        return new SDPairs(sd, distance, embeddings, detached, masks[0], masks[1]);
    }

    /** {@code 1 − d}: cosine similarities, for pairs built with {@link Distance#COSINE}. */
    SDVariable similarities() {
        if (cosine == null) {
            throw new IllegalStateException("SDPairs: similarities of pairs built with " + distance + ", not COSINE");
        }
        return cosine;
    }

    /**
     * 1 for the anchors that have a positive and a negative, else 0 ({@code [B,1]}). Their pairs are not cleared: a loss
     * weighs each anchor's (finite) term by this, which zeroes its gradient too, and saves two {@code [B,M]} products.
     */
    SDVariable validAnchors() {
        return SDMasks.any(positives).mul(SDMasks.any(negatives));
    }
}
