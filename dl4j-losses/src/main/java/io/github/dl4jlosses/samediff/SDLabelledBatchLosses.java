package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.loss.TripletMining;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The mined losses of a labelled batch as SameDiff graphs: embeddings {@code [B,D]} and labels (class ids
 * {@code [B,1]} or one-hot {@code [B,C]}); positives of a row are the other rows of its class, negatives
 * the rows of other classes. Semantics (mining rules, which tuples a mean runs over, 0 rather than NaN
 * for a batch without a valid tuple) are those of {@code LossBatchTriplet} and {@code LossMultiSimilarity};
 * the graphs are written independently of them and differentiated by SameDiff, the mining choices being
 * constants for autodiff as in the analytic losses.
 * <p>
 * Memory: O(B²) for HARD and multi-similarity; ALL and SEMI_HARD build {@code [B,B,B]} tensors, O(B³) —
 * fine for the batch sizes of metric learning on a CPU (B = 256 is 16.8M entries), but the analytic
 * {@code LossBatchTriplet} (blocked, O(B²)) is the one to use for very large batches.
 */
public final class SDLabelledBatchLosses {
    private SDLabelledBatchLosses() {
    }

    /** {@code {positives (same class, not the row itself), negatives}}, each {@code [B,B]}. */
    private static SDVariable[] classMasks(SameDiff sd, SDVariable embeddings, SDVariable labels) {
        DataType type = embeddings.dataType();
        SDVariable same = SDMasks.sameClass(sd, labels, type);
        return new SDVariable[]{same.sub(SDMasks.eye(sd, embeddings)), same.rsub(1.0)};
    }

    /** relu(z + m), or log(1 + exp(z)) with {@code soft}. */
    private static SDVariable hinge(SameDiff sd, SDVariable z, double margin, boolean soft) {
        return soft ? SDTupleLosses.softplus(sd, z) : sd.nn().relu(z.add(margin), 0.0);
    }

    /** {@code B / max(count, 1)} with B the rows of {@code column [B,1]}. */
    private static SDVariable scale(SameDiff sd, SDVariable column, SDVariable count) {
        return SDMasks.rows(sd, column).div(sd.scalarMax(count, 1.0));
    }

    /**
     * Triplet loss mined from a labelled batch ({@link TripletMining}): ALL averages over the triplets with a
     * positive loss, HARD over anchors with a positive and a negative (hardest of each), SEMI_HARD over
     * anchor–positive pairs whose anchor has a negative (the closest negative farther than the positive,
     * else the farthest).
     */
    public static SDLossOutput batchTriplet(SameDiff sd, String name, SDVariable embeddings, SDVariable labels,
                                            TripletMining mining, double margin, Distance distance, boolean softMargin) {
        String fn = "SDLabelledBatchLosses.batchTriplet";
        LossInputs.requireNonNull(fn, "mining", mining);
        LossInputs.requireNonNegative(fn, "margin", margin);
        LossInputs.requireNonNull(fn, "distance", distance);
        SDChecks.requireMatrix(fn, "embeddings", embeddings);
        requireLabels(fn, labels);
        SDVariable[] masks = classMasks(sd, embeddings, labels);
        SDVariable pos = masks[0];
        SDVariable neg = masks[1];
        SDVariable d = SDDistance.matrix(sd, null, distance, embeddings, embeddings);
        SDVariable perRow;
        switch (mining) {
            case HARD: {
                SDVariable valid = SDMasks.any(pos).mul(SDMasks.any(neg));
                SDVariable z = SDMasks.max(sd, d, pos).sub(SDMasks.min(sd, d, neg));
                perRow = hinge(sd, z, margin, softMargin).mul(valid).mul(scale(sd, valid, valid.sum()));
                break;
            }
            case SEMI_HARD: {
                SDVariable dan = sd.expandDims(d, 1);                                  // [B,1,B]: D_an
                SDVariable beyond = dan.sub(sd.expandDims(d, 2)).gt(0.0).castTo(d.dataType())
                        .mul(sd.expandDims(neg, 1));                                   // [B,B,B]: neg_an, D_an > D_ap
                SDVariable big = sd.math().abs(d).max().mul(2.0).add(1.0);
                SDVariable semiHard = dan.add(beyond.rsub(1.0).mul(big)).min(false, 2); // [B,B]
                SDVariable has = beyond.sum(false, 2).gt(0.0).castTo(d.dataType());
                SDVariable farthest = SDMasks.max(sd, d, neg);                          // [B,1]
                SDVariable dNeg = semiHard.mul(has).add(has.rsub(1.0).mul(farthest));
                SDVariable found = pos.mul(SDMasks.any(neg));
                SDVariable pairLoss = hinge(sd, d.sub(dNeg), margin, softMargin).mul(found);
                perRow = pairLoss.sum(true, 1).mul(scale(sd, SDMasks.any(pos), found.sum()));
                break;
            }
            case ALL: {
                SDVariable z = sd.expandDims(d, 2).sub(sd.expandDims(d, 1));           // [a,p,n]: D_ap − D_an
                SDVariable valid = sd.expandDims(pos, 2).mul(sd.expandDims(neg, 1));
                SDVariable loss = hinge(sd, z, margin, softMargin).mul(valid);
                SDVariable active = loss.gt(0.0).castTo(d.dataType()).sum();
                perRow = loss.sum(false, 1, 2).reshape(-1, 1);
                perRow = perRow.mul(scale(sd, perRow, active));
                break;
            }
            default:
                throw new IllegalArgumentException(fn + ": unknown mining " + mining);
        }
        return SDLossOutput.of(name, perRow);
    }

    /**
     * Multi-similarity loss (Wang 2019) on cosine similarities {@code S}, with its pair mining when
     * {@code mine} (without it, every pair of an anchor that has both a positive and a negative): {@code (1/B) Σ_a [(1/α) log(1 + Σ_p exp(−α(S_ap − λ))) + (1/β) log(1 + Σ_n exp(β(S_an − λ)))]}.
     */
    public static SDLossOutput multiSimilarity(SameDiff sd, String name, SDVariable embeddings, SDVariable labels,
                                               double alpha, double beta, double lambda, double epsilon, boolean mine) {
        String fn = "SDLabelledBatchLosses.multiSimilarity";
        LossInputs.requirePositive(fn, "alpha", alpha);
        LossInputs.requirePositive(fn, "beta", beta);
        if (!Double.isFinite(lambda)) {
            throw new IllegalArgumentException(fn + ": expected lambda to be a finite number, got " + lambda);
        }
        LossInputs.requireNonNegative(fn, "epsilon", epsilon);
        SDChecks.requireMatrix(fn, "embeddings", embeddings);
        requireLabels(fn, labels);
        SDVariable[] masks = classMasks(sd, embeddings, labels);
        SDVariable pos = masks[0];
        SDVariable neg = masks[1];
        SDVariable s = SDDistance.matrix(sd, null, Distance.COSINE, embeddings, embeddings).rsub(1.0);
        if (!mine) {
            // An anchor needs a positive and a negative, as the miner's max/min over an empty set implies.
            SDVariable both = SDMasks.any(pos).mul(SDMasks.any(neg));
            pos = pos.mul(both);
            neg = neg.mul(both);
        } else {
            // Both rules compare with the hardest pairs of the unmined masks.
            DataType type = s.dataType();
            SDVariable hardestNegative = SDMasks.max(sd, s, masks[1]);
            SDVariable hardestPositive = SDMasks.min(sd, s, masks[0]);
            pos = masks[0].mul(s.sub(epsilon).lt(hardestNegative).castTo(type)).mul(SDMasks.any(masks[1]));
            neg = masks[1].mul(s.add(epsilon).gt(hardestPositive).castTo(type)).mul(SDMasks.any(masks[0]));
        }
        // |S| ≤ 1, so |α(λ − S)| ≤ α(1 + |λ|) and |β(S − λ)| ≤ β(1 + |λ|).
        SDVariable pull = SDMasks.logSumExp(sd, s.rsub(lambda).mul(alpha), pos, 2 * alpha * (1 + Math.abs(lambda)) + 800, true);
        SDVariable push = SDMasks.logSumExp(sd, s.sub(lambda).mul(beta), neg, 2 * beta * (1 + Math.abs(lambda)) + 800, true);
        return SDLossOutput.of(name, pull.div(alpha).add(push.div(beta)));
    }

    private static void requireLabels(String fn, SDVariable labels) {
        if (labels == null) {
            throw new IllegalArgumentException(fn + ": expected labels of class ids [B, 1] or one-hot [B, C], got null");
        }
    }
}
