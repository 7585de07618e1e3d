package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.mining.PositiveSlots;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The mined losses of a labelled batch as SameDiff graphs: embeddings {@code [B,D]} and labels (class ids
 * {@code [B,1]} or one-hot {@code [B,C]}); positives of a row are the other rows of its class, negatives
 * the rows of other classes. Semantics (mining rules, which tuples a mean runs over, 0 rather than NaN
 * for a batch without a valid tuple) are those of {@code LossBatchTriplet} and {@code LossMultiSimilarity};
 * the graphs are written independently of them and differentiated by SameDiff, the mining choices being
 * constants for autodiff as in the analytic losses.
 * <p>
 * Memory: O(B²) for HARD and multi-similarity. The triplet loss's ALL and SEMI_HARD take the positives of
 * each anchor as a table of S slots ({@link #positiveSlots}, {@code S = K − 1} in a P×K batch) and build
 * {@code [B,S,B]} tensors, as {@code LossBatchTriplet} does; the overload without slots builds
 * {@code [B,B,B]} ones, O(B³), for graphs whose labels are only known inside the graph.
 */
public final class SDLabelledBatchLosses {
    private SDLabelledBatchLosses() {
    }

    /** {@code {positives (same class, not the row itself), negatives}}, each {@code [B,B]}. */
    static SDVariable[] classMasks(SameDiff sd, SDVariable embeddings, SDVariable labels) {
        DataType type = embeddings.dataType();
        SDVariable same = SDMasks.sameClass(sd, labels, type);
        return new SDVariable[]{same.sub(SDMasks.eye(sd, embeddings)), same.rsub(1.0)};
    }

    /** relu(z + m), or log(1 + exp(z)) with {@code soft}. */
    private static SDVariable hinge(SameDiff sd, SDVariable z, double margin, boolean soft) {
        return soft ? SDTupleLosses.softplus(sd, z) : sd.nn().relu(z.add(margin), 0.0);
    }

    /** {@code B / max(count, 1)} with B the rows of {@code column [B,1]}. */
    static SDVariable scale(SameDiff sd, SDVariable column, SDVariable count) {
        return SDMasks.rows(sd, column).div(sd.scalarMax(count, 1.0));
    }

    /**
     * Triplet loss mined from a labelled batch ({@link TripletMining}): ALL averages over the triplets with a
     * positive loss, HARD over anchors with a positive and a negative (hardest of each), SEMI_HARD over
     * anchor–positive pairs whose anchor has a negative (the closest negative farther than the positive,
     * else the farthest).
     * <p>
     * ALL and SEMI_HARD enumerate every (anchor, column, candidate negative): {@code [B,B,B]} tensors, O(B³).
     * This form serves graphs whose labels exist only inside the graph; when the labels are known before the
     * graph runs, the {@linkplain #batchTriplet(SameDiff, String, SDVariable, SDVariable, SDVariable, SDVariable,
     * TripletMining, double, Distance, boolean) positive-slot form} gives the same loss in O(B·S·B).
     */
    public static SDLossOutput batchTriplet(SameDiff sd, String name, SDVariable embeddings, SDVariable labels,
                                            TripletMining mining, double margin, Distance distance, boolean softMargin) {
        String fn = "SDLabelledBatchLosses.batchTriplet";
        checkTripletOptions(fn, mining, margin, distance);
        SDChecks.requireMatrix(fn, "embeddings", embeddings);
        requireLabels(fn, labels);
        return batchTriplet(name, sd, SDPairs.within(sd, distance, embeddings, labels), null, null, mining, margin,
                softMargin);
    }

    /**
     * The same loss as {@link #batchTriplet(SameDiff, String, SDVariable, SDVariable, TripletMining, double,
     * Distance, boolean)} with the positives of each anchor given as a table of {@code S} slots
     * ({@link #positiveSlots}, {@code S} = largest number of positives of an anchor, {@code K − 1} in a P×K
     * batch): ALL and SEMI_HARD then work on {@code [B,S,B]} tensors, O(B·S·B) instead of O(B³) — the form
     * that scales (the SameDiff twin {@code SDLossBatchTriplet} uses it). HARD is O(B²) either way and
     * ignores the slots.
     *
     * @param slotIndex {@code [B,S]} row indices {@code p} of the positives of each anchor (any numeric type
     *                  holding exact integers); invalid slots may hold any row index
     * @param slotValid {@code [B,S]}: 1 where the slot holds a positive, else 0
     */
    public static SDLossOutput batchTriplet(SameDiff sd, String name, SDVariable embeddings, SDVariable labels,
                                            SDVariable slotIndex, SDVariable slotValid, TripletMining mining,
                                            double margin, Distance distance, boolean softMargin) {
        String fn = "SDLabelledBatchLosses.batchTriplet";
        checkTripletOptions(fn, mining, margin, distance);
        SDChecks.requireMatrix(fn, "embeddings", embeddings);
        requireLabels(fn, labels);
        SDChecks.requireRank2(fn, "slotIndex", slotIndex, "[B, S]");
        SDChecks.requireRank2(fn, "slotValid", slotValid, "[B, S]");
        return batchTriplet(name, sd, SDPairs.within(sd, distance, embeddings, labels), slotIndex, slotValid, mining,
                margin, softMargin);
    }

    /**
     * The positive-slot table of a batch for the slot form of {@link #batchTriplet(SameDiff, String,
     * SDVariable, SDVariable, SDVariable, SDVariable, TripletMining, double, Distance, boolean) batchTriplet}:
     * {@code {slotIndex, slotValid}}, each {@code [B,S]} DOUBLE, from labels (class ids {@code [B,1]} or
     * one-hot {@code [B,C]}). Index bookkeeping over the B labels in Java ({@link PositiveSlots}); an anchor
     * with fewer positives than S fills its other slots with its own row index, marked invalid. A batch
     * without any positive gets one invalid slot per anchor ({@code S = 1}), so graphs never see an empty
     * dimension.
     *
     * @throws IllegalArgumentException if labels are not valid class ids or one-hot rows
     */
    public static INDArray[] positiveSlots(INDArray labels) {
        String fn = "SDLabelledBatchLosses.positiveSlots";
        if (labels == null) {
            throw new IllegalArgumentException(fn + ": expected labels of class ids [B, 1] or one-hot [B, C], got null");
        }
        if (labels.rank() != 2) {
            throw new IllegalArgumentException(fn + ": expected labels of class ids [B, 1] or one-hot [B, C], got shape "
                    + Arrays.toString(labels.shape()));
        }
        long b = labels.size(0);
        return slotTable(PositiveSlots.of(ClassLabels.classIds(fn, labels, b)), b);
    }

    /**
     * {@code {slotIndex, slotValid}} ({@code [B,S]} DOUBLE) of a slot table of B anchors; a table without any slot gives
     * one invalid slot per anchor, so graphs never see an empty dimension.
     */
    static INDArray[] slotTable(PositiveSlots slots, long b) {
        if (slots.slots == 0) {
            return new INDArray[]{Nd4j.arange(0, b).castTo(DataType.DOUBLE).reshape(b, 1), Nd4j.zeros(DataType.DOUBLE, b, 1)};
        }
        return new INDArray[]{slots.index(DataType.DOUBLE), slots.valid(DataType.DOUBLE)};
    }

    /**
     * {@code Σ_s m[a,s]} of {@code m [B,S]}, {@code [B,1]}. A zero column is appended first: 1.0.0-M2.1's
     * SameDiff fails (NullPointerException in {@code BaseReduceOp.noOp}) to reduce an axis of length 1, and
     * S = 1 is common (P×2 batches, or rows removed by a mask).
     */
    private static SDVariable rowSums(SameDiff sd, SDVariable m) {
        SDVariable zeros = sd.zerosLike(sd.stridedSlice(m, new long[]{0, 0}, new long[]{0, 1}, new long[]{1, 1},
                0, 1, 0, 0, 0));                                                              // [B,1]
        return sd.concat(1, m, zeros).sum(true, 1);
    }

    private static void checkTripletOptions(String fn, TripletMining mining, double margin, Distance distance) {
        LossBatchTriplet.MINING.check(fn, mining);
        LossBatchTriplet.MARGIN.check(fn, margin);
        LossBatchTriplet.DISTANCE.check(fn, distance);
    }

    /**
     * The triplet loss on given pairs: HARD by the rows it picks ({@link #hardest}); ALL and SEMI_HARD over the slots
     * {@code slotIndex, slotValid [B,S]} (reference indices of each anchor's positives).
     */
    static SDLossOutput batchTriplet(String name, SameDiff sd, SDPairs p, SDVariable slotIndex, SDVariable slotValid,
                                     TripletMining mining, double margin, boolean softMargin) {
        SDVariable[] masks = {p.positives, p.negatives};
        if (mining == TripletMining.HARD) {
            return SDLossOutput.of(name, hardest(sd, p, margin, softMargin));
        }
        if (slotIndex == null) {                                 // every column a slot: [B,M,M] for ALL, SEMI_HARD
            return SDLossOutput.of(name, mined(sd, p.d, p.d, masks[0], masks, mining, margin, softMargin));
        }
        SDVariable dap = GatherEntries.of(sd, p.d, slotIndex);                       // [B,S]: D[a, slotIndex[a,s]]
        SDVariable valid = slotValid.castTo(p.d.dataType());
        if (mining == TripletMining.SEMI_HARD) {
            return SDLossOutput.of(name, semiHardBySlots(sd, p.d, dap, valid, p.negatives, margin, softMargin));
        }
        return SDLossOutput.of(name, mined(sd, p.d, dap, valid, masks, mining, margin, softMargin));
    }

    /**
     * SEMI_HARD over positive slots ({@code dap [B,S]} their distances, {@code valid [B,S]}): each slot's negative is
     * chosen on the values alone (the closest farther than the positive, else the farthest) and its distance picked
     * from {@code d} by index ({@link GatherEntries}), so the backprop is {@code B·S} numbers into {@code d}'s
     * gradient rather than a masked minimum's over {@code [B,S,M]}.
     */
    private static SDVariable semiHardBySlots(SameDiff sd, SDVariable d, SDVariable dap, SDVariable valid,
                                              SDVariable neg, double margin, boolean softMargin) {
        DataType type = d.dataType();
        SDVariable dc = SDMasks.withoutGradient(sd, d);
        SDVariable dan = sd.expandDims(dc, 1);                                          // [B,1,M]: D_an
        SDVariable beyond = dan.sub(sd.expandDims(SDMasks.withoutGradient(sd, dap), 2)).gt(0.0).castTo(type)
                .mul(sd.expandDims(neg, 1));                                           // [B,S,M]: neg_an, D_an > D_ap
        SDVariable offset = SDMasks.offset(sd, dc);
        SDVariable semiHard = sd.argmin(dan.add(beyond.rsub(1.0).mul(offset)), 2);     // [B,S]
        SDVariable has = beyond.sum(false, 2).gt(0.0).castTo(DataType.DOUBLE);          // [B,S]
        SDVariable farthest = sd.reshape(SDMasks.argMax(sd, dc, neg, offset).castTo(DataType.DOUBLE), -1, 1);
        SDVariable chosen = semiHard.castTo(DataType.DOUBLE).mul(has).add(has.rsub(1.0).mul(farthest));
        SDVariable dNeg = GatherEntries.of(sd, d, chosen);                              // [B,S]
        SDVariable anyNeg = SDMasks.any(neg);                                           // [B,1]
        SDVariable found = valid.mul(anyNeg);
        SDVariable pairLoss = hinge(sd, dap.sub(dNeg), margin, softMargin).mul(found);
        return rowSums(sd, pairLoss).mul(scale(sd, anyNeg, found.sum()));
    }

    /**
     * HARD: each anchor's farthest positive and closest negative, picked by index from the masked matrix (which is
     * not differentiated, see {@link SDMasks#argMin}) and their distances recomputed from the picked rows
     * ({@link SDPairs#picked}), so the gradient is {@code [B,D]} work, as in the analytic loss.
     */
    private static SDVariable hardest(SameDiff sd, SDPairs p, double margin, boolean softMargin) {
        SDVariable both = p.validAnchors();
        SDVariable offset = SDMasks.offset(sd, p.d);                  // one pass over the matrix for both picks
        SDVariable z = p.picked(sd, SDMasks.argMax(sd, p.d, p.positives, offset))
                .sub(p.picked(sd, SDMasks.argMin(sd, p.d, p.negatives, offset)));
        return hinge(sd, z, margin, softMargin).mul(both).mul(scale(sd, both, both.sum()));
    }

    /**
     * Per-row ALL or SEMI_HARD triplet loss over positive slots (HARD is {@link #hardest}): {@code dap [B,S]} the anchor–positive distance of each slot,
     * {@code valid [B,S]} where the slot holds a positive, {@code masks} the {@code [B,B]} positives and
     * negatives and {@code d [B,B]} the distance matrix. With {@code dap = d} and {@code valid} the positives
     * mask it is the {@code [B,B,B]} form; with a slot table, the {@code [B,S,B]} one.
     */
    private static SDVariable mined(SameDiff sd, SDVariable d, SDVariable dap, SDVariable valid, SDVariable[] masks,
                                    TripletMining mining, double margin, boolean softMargin) {
        DataType type = d.dataType();
        SDVariable neg = masks[1];
        SDVariable anyNeg = SDMasks.any(neg);                                           // [B,1]
        SDVariable dan = sd.expandDims(d, 1);                                           // [B,1,B]: D_an
        switch (mining) {
            case SEMI_HARD: {
                SDVariable beyond = dan.sub(sd.expandDims(dap, 2)).gt(0.0).castTo(type)
                        .mul(sd.expandDims(neg, 1));                                   // [B,S,B]: neg_an, D_an > D_ap
                // beyond every distance, without a gradient (it only lifts entries the min does not pick); one pass
                // over the matrix serves the farthest negative too
                SDVariable big = SDMasks.offset(sd, d);
                SDVariable semiHard = dan.add(beyond.rsub(1.0).mul(big)).min(false, 2); // [B,S]
                SDVariable has = beyond.sum(false, 2).gt(0.0).castTo(type);
                SDVariable farthest = SDMasks.max(sd, d, neg, big);                     // [B,1]
                SDVariable dNeg = semiHard.mul(has).add(has.rsub(1.0).mul(farthest));
                SDVariable found = valid.mul(anyNeg);
                SDVariable pairLoss = hinge(sd, dap.sub(dNeg), margin, softMargin).mul(found);
                return rowSums(sd, pairLoss).mul(scale(sd, anyNeg, found.sum()));
            }
            case ALL: {
                SDVariable z = sd.expandDims(dap, 2).sub(dan);                         // [a,s,n]: D_ap − D_an
                SDVariable triplets = sd.expandDims(valid, 2).mul(sd.expandDims(neg, 1));
                SDVariable loss = hinge(sd, z, margin, softMargin).mul(triplets);
                SDVariable active = loss.gt(0.0).castTo(type).sum();
                SDVariable perRow = loss.sum(false, 1, 2).reshape(-1, 1);
                return perRow.mul(scale(sd, perRow, active));
            }
            default:
                throw new IllegalArgumentException("SDLabelledBatchLosses.batchTriplet: unknown mining " + mining);
        }
    }

    /**
     * Multi-similarity loss (Wang 2019) on cosine similarities {@code S}, with its pair mining when
     * {@code mine} (without it, every pair of an anchor that has both a positive and a negative): {@code (1/B) Σ_a [(1/α) log(1 + Σ_p exp(−α(S_ap − λ))) + (1/β) log(1 + Σ_n exp(β(S_an − λ)))]}.
     */
    public static SDLossOutput multiSimilarity(SameDiff sd, String name, SDVariable embeddings, SDVariable labels,
                                               double alpha, double beta, double lambda, double epsilon, boolean mine) {
        String fn = "SDLabelledBatchLosses.multiSimilarity";
        LossMultiSimilarity.ALPHA.check(fn, alpha);
        LossMultiSimilarity.BETA.check(fn, beta);
        LossMultiSimilarity.LAMBDA.check(fn, lambda);
        LossMultiSimilarity.EPSILON.check(fn, epsilon);
        SDChecks.requireMatrix(fn, "embeddings", embeddings);
        requireLabels(fn, labels);
        return multiSimilarity(name, sd, SDPairs.within(sd, Distance.COSINE, embeddings, labels), alpha, beta, lambda,
                epsilon, mine);
    }

    /** {@link #multiSimilarity} on given pairs (cosine distances). */
    static SDLossOutput multiSimilarity(String name, SameDiff sd, SDPairs p, double alpha, double beta, double lambda,
                                        double epsilon, boolean mine) {
        SDVariable pos = p.positives;
        SDVariable neg = p.negatives;
        SDVariable s = p.similarities();
        // An anchor needs a positive and a negative, as the miner's max/min over an empty set implies: the other
        // anchors' terms (finite, as the log-sum-exps with the extra 0 logit are) are weighted by 0 at the end, a [B,1]
        // product where clearing their pairs took two [B,M] ones.
        SDVariable both = p.validAnchors();
        if (mine) {
            // Both rules compare with the hardest pairs of the unmined masks, ε moved to the [B,1] side (as the
            // analytic miner's thresholds). |S| ≤ 1 up to rounding: a constant offset (bound 2) pushes masked-out
            // entries out of both, no pass over the matrix to find one.
            DataType type = s.dataType();
            SDVariable offset = SDMasks.offset(sd, s, 2.0);
            SDVariable hardestNegative = SDMasks.max(sd, s, neg, offset);
            SDVariable hardestPositive = SDMasks.min(sd, s, pos, offset);
            pos = pos.mul(s.lt(hardestNegative.add(epsilon)).castTo(type));
            neg = neg.mul(s.gt(hardestPositive.sub(epsilon)).castTo(type));
        }
        // |S| ≤ 1: α(λ − S) lies in [α(λ − 1), α(λ + 1)], β(S − λ) in [−β(1 + λ), β(1 − λ)]
        SDVariable pull = SDMasks.logSumExp(sd, s.rsub(lambda).mul(alpha), pos, alpha * (lambda - 1), alpha * (lambda + 1), true);
        SDVariable push = SDMasks.logSumExp(sd, s.sub(lambda).mul(beta), neg, -beta * (1 + lambda), beta * (1 - lambda), true);
        return SDLossOutput.of(name, pull.div(alpha).add(push.div(beta)).mul(both));
    }

    static void requireLabels(String fn, SDVariable labels) {
        if (labels == null) {
            throw new IllegalArgumentException(fn + ": expected labels of class ids [B, 1] or one-hot [B, C], got null");
        }
    }
}
