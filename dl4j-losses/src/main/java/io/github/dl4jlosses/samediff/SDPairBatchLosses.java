package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import io.github.dl4jlosses.loss.LossInfoNCE;
import io.github.dl4jlosses.loss.LossNPair;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The pair-batch losses with in-batch negatives as SameDiff graphs: anchors {@code [N,D]} and positives
 * {@code [N,D]}, row i's positive is its own pair and the negatives of anchor i are the other rows'
 * positives — of another class when class ids are given ({@code [N,1]} ids or {@code [N,C]} one-hot;
 * {@code null} for none). Semantics (including the mean over the anchors that have a negative, and 0
 * rather than NaN when none has) are those of {@code LossGeneralizedTriplet}, {@code LossNPair} and
 * {@code LossInfoNCE}; the graphs are written independently of them and differentiated by SameDiff.
 * Memory is O(N²).
 */
public final class SDPairBatchLosses {
    private SDPairBatchLosses() {
    }

    /** The in-batch masks of a pair batch, each made once per graph. */
    private static final class InBatch {
        private final SameDiff sd;
        private final SDVariable anchors;
        /**
         * {@code [N,N]}: 1 where rows i and j share a class, the diagonal included; null without class ids (every row its
         * own class: the identity, which the losses then do without).
         */
        final SDVariable same;
        /** {@code [N,1]}: the rows of each row's class, itself included; null without class ids (all 1). */
        final SDVariable classSize;
        /**
         * 1 where the anchor has an in-batch negative (its class is not the whole batch): {@code [N,1]}, or without class
         * ids a scalar, {@code N > 1}.
         */
        final SDVariable hasNegative;

        InBatch(SameDiff sd, SDVariable anchors, SDVariable classIds) {
            this.sd = sd;
            this.anchors = anchors;
            DataType type = anchors.dataType();
            if (classIds == null) {
                // no [N,N] masks or row sums over them for a batch of distinct classes, on every call
                same = null;
                classSize = null;
                hasNegative = sd.sizeAt(anchors, 0).castTo(type).gt(1.0).castTo(type);
            } else {
                same = SDMasks.sameClass(sd, classIds, type);
                classSize = SDMasks.pairRowSums(same);
                // from the class sizes: a second pass over [N,N] for the negatives' mask is not needed
                hasNegative = SDMasks.rows(sd, classSize).sub(classSize).gt(0.0).castTo(type);
            }
        }

        /** Identity {@code [N,N]}. */
        SDVariable eye() {
            return SDMasks.eye(sd, anchors);
        }

        /** {@code [N,N]}: 1 where row j is a negative of anchor i. */
        SDVariable negatives() {
            return (same == null ? eye() : same).rsub(1.0);
        }

        /**
         * {@code perAnchor [N,1]} as per-row terms of the mean over the anchors that have a negative: 0 for the others,
         * the rest times {@code N / #anchors with a negative} (1 without class ids, where every anchor has one or, for
         * {@code N = 1}, none).
         */
        SDVariable overAnchors(SDVariable perAnchor) {
            SDVariable kept = perAnchor.mul(hasNegative);
            return same == null ? kept : kept.mul(perAnchorScale(sd, hasNegative));
        }
    }

    /** {@code N / max(#anchors with a negative, 1)}: the factor that turns a sum over those anchors into per-row mean terms. */
    private static SDVariable perAnchorScale(SameDiff sd, SDVariable hasNegative) {
        return SDMasks.rows(sd, hasNegative).div(sd.scalarMax(hasNegative.sum(), 1.0));
    }

    private static void check(String fn, SDVariable anchors, SDVariable positives) {
        SDChecks.requireSameWidth(fn, anchors, positives);
    }

    /**
     * Generalized triplet loss: {@code (1/N') Σ_i relu(d(a_i,p_i) − min_{j ∈ neg(i)} d(a_i,p_j) + m)}.
     */
    public static SDLossOutput generalizedTriplet(SameDiff sd, String name, SDVariable anchors, SDVariable positives,
                                                  SDVariable classIds, double margin, Distance distance) {
        String fn = "SDPairBatchLosses.generalizedTriplet";
        LossGeneralizedTriplet.MARGIN.check(fn, margin);
        LossGeneralizedTriplet.DISTANCE.check(fn, distance);
        check(fn, anchors, positives);
        InBatch batch = new InBatch(sd, anchors, classIds);
        SDVariable dPos = SDDistance.rowwise(sd, null, distance, anchors, positives);
        // The hardest negative is picked by index (the matrix is not differentiated, see SDMasks.argMin) and its
        // distance recomputed from its row, so the gradient is [N,D] work rather than the [N,N] matrix's backprop
        // (two GEMMs), as in the analytic loss.
        SDVariable pick = SDMasks.argMin(sd, SDDistance.matrix(sd, null, distance, anchors, positives), batch.negatives());
        SDVariable hardest = SDDistance.rowwise(sd, null, distance, anchors, GatherRows.of(sd, positives, pick));
        SDVariable perRow = batch.overAnchors(sd.nn().relu(dPos.sub(hardest).add(margin), 0.0));
        return SDLossOutput.of(name, perRow);
    }

    /**
     * Multi-class N-pair loss with its L2 term: {@code (1/N') Σ_i [log Σ_j exp(s_ij) − Σ_j t_ij s_ij] +
     * λ·0.25·(mean‖a‖² + mean‖p‖²)} with {@code s = A·Pᵀ} and {@code t_ij} spread evenly over the rows of
     * i's class ({@code t = I} without class ids).
     */
    public static SDLossOutput nPair(SameDiff sd, String name, SDVariable anchors, SDVariable positives,
                                     SDVariable classIds, double lambda) {
        String fn = "SDPairBatchLosses.nPair";
        LossNPair.LAMBDA.check(fn, lambda);
        check(fn, anchors, positives);
        InBatch batch = new InBatch(sd, anchors, classIds);
        SDVariable s = sd.mmul(anchors, positives, false, true, false);
        // Σ_j t_ij s_ij: without class ids t = I, the diagonal itself (exactly: the other terms were zeros)
        SDVariable targetScore = batch.same == null ? sd.reshape(sd.math().diagPart(s), -1, 1)
                : SDMasks.pairRowSums(WeightedBy.of(sd, s, batch.same.div(batch.classSize)));
        SDVariable crossEntropy = SDMasks.shiftedLogSumExp(sd, s, false).sub(targetScore);
        SDVariable l2 = SDDistance.squaredRowNorms(sd, anchors).add(SDDistance.squaredRowNorms(sd, positives))
                .mul(0.25 * lambda);
        SDVariable perRow = batch.overAnchors(crossEntropy).add(l2);
        return SDLossOutput.of(name, perRow);
    }

    /**
     * InfoNCE: cross-entropy of {@code s_ij = cos(a_i,p_j)/τ} over {@code {i} ∪ neg(i)} with the diagonal as
     * target; {@code symmetric} averages it with the column-wise (positive → anchor) direction.
     */
    public static SDLossOutput infoNCE(SameDiff sd, String name, SDVariable anchors, SDVariable positives,
                                       SDVariable classIds, double temperature, boolean symmetric) {
        String fn = "SDPairBatchLosses.infoNCE";
        LossInfoNCE.TEMPERATURE.check(fn, temperature);
        check(fn, anchors, positives);
        InBatch batch = new InBatch(sd, anchors, classIds);
        SDVariable s = SDDistance.cosineMatrix(sd, anchors, positives, 1.0 / temperature);
        // s_ii picked from s itself (the same numbers the log-sum-exp sees, so a near-zero loss keeps its digits):
        // N values, instead of a masked product and row sum over [N,N] and their backprop
        SDVariable diagonal = sd.reshape(sd.math().diagPart(s), -1, 1);
        // The other rows of i's class leave the sums, shifted down out of reach (|s| ≤ 1/τ); without class ids
        // there are none. Same-class masks are symmetric, so the columns' direction is the transpose.
        SDVariable kept = classIds == null ? s
                : ShiftedBy.of(sd, s, batch.same.sub(batch.eye()).mul(2.0 / temperature + 800.0));
        SDVariable perRow = SDMasks.shiftedLogSumExp(sd, kept, false).sub(diagonal);
        if (symmetric) {
            SDVariable columns = SDMasks.shiftedLogSumExp(sd, sd.transpose(kept), false).sub(diagonal);
            perRow = perRow.add(columns).mul(0.5);
        }
        return SDLossOutput.of(name, batch.overAnchors(perRow));
    }
}
