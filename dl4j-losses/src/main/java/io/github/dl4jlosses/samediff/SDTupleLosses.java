package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Arrays;

/**
 * The pair and tuple losses as SameDiff graphs over separate branch embeddings (each {@code [B,D]}),
 * so they sit directly on the outputs of a shared tower. Each returns an {@link SDLossOutput}: the
 * per-example loss {@code [B,1]} and its mean. Formulas and option semantics are those of
 * {@link io.github.dl4jlosses.loss.LossContrastive}, {@link io.github.dl4jlosses.loss.LossTriplet} and
 * {@link io.github.dl4jlosses.loss.LossMultiSampleTriplet}; the graphs are written independently of
 * them and differentiated by SameDiff.
 */
public final class SDTupleLosses {
    private SDTupleLosses() {
    }

    /**
     * Contrastive loss (Hadsell 2006): {@code s·relu(d − m_pos)² + (1 − s)·relu(m_neg − d)²}, with
     * {@code s = 1} where {@code labels == similarLabel}.
     *
     * @param labels {@code [B,1]} pair labels of 0 or 1 (checked at run time by {@link SDLossContrastive},
     *               not here: a graph cannot throw on values)
     */
    public static SDLossOutput contrastive(SameDiff sd, String name, SDVariable x1, SDVariable x2, SDVariable labels,
                                           Distance distance, int similarLabel, double marginPositive,
                                           double marginNegative) {
        String fn = "SDTupleLosses.contrastive";
        LossContrastive.DISTANCE.check(fn, distance);
        LossContrastive.SIMILAR_LABEL.check(fn, similarLabel);
        LossContrastive.MARGIN_POSITIVE.check(fn, marginPositive);
        LossContrastive.MARGIN_NEGATIVE.check(fn, marginNegative);
        SDChecks.requireSameWidth(fn, x1, x2);
        requireColumn(fn, labels);

        SDVariable y = labels.castTo(x1.dataType());
        SDVariable similar = similarLabel == 1 ? y : y.rsub(1.0);
        // With s ∈ {0,1} a similar pair's hinge relu(d − m_pos) and a dissimilar one's relu(m_neg − d) are both
        // relu(σ·(d − m)), σ = 2s − 1 and m = s·m_pos + (1 − s)·m_neg taken from the labels alone (no gradient), so
        // SameDiff differentiates four ops (subtract, multiply, relu, square) instead of nine. m is exact: with
        // m_pos = 0 (the default) it is m_neg − s·m_neg.
        SDVariable sign = similar.mul(2.0).sub(1.0);
        SDVariable margin = marginPositive == 0 ? similar.mul(-marginNegative).add(marginNegative)
                : similar.mul(marginPositive).add(similar.rsub(1.0).mul(marginNegative));
        SDVariable d = SDDistance.rowwise(sd, null, distance, x1, x2);
        SDVariable hinge = sd.nn().relu(d.sub(margin).mul(sign), 0.0);
        SDVariable perRow = hinge.mul(hinge);
        return SDLossOutput.of(name, perRow);
    }

    /**
     * Triplet margin loss {@code relu(d(a,p) − d(a,n) + margin)}, or with {@code softMargin}
     * {@code log(1 + exp(d(a,p) − d(a,n)))}; with {@code swap} the negative distance is
     * {@code min(d(a,n), d(p,n))} (Balntas 2016).
     */
    public static SDLossOutput triplet(SameDiff sd, String name, SDVariable anchor, SDVariable positive,
                                       SDVariable negative, double margin, Distance distance, boolean swap,
                                       boolean softMargin) {
        String fn = "SDTupleLosses.triplet";
        LossTriplet.MARGIN.check(fn, margin);
        LossTriplet.DISTANCE.check(fn, distance);
        SDChecks.requireSameWidths(fn, anchor, positive, negative);

        SDVariable dap = SDDistance.rowwise(sd, null, distance, anchor, positive);
        SDVariable dan = SDDistance.rowwise(sd, null, distance, anchor, negative);
        if (swap) {
            dan = sd.math().min(dan, SDDistance.rowwise(sd, null, distance, positive, negative));
        }
        SDVariable z = dap.sub(dan);
        SDVariable perRow = softMargin ? softplus(sd, z) : sd.nn().relu(z.add(margin), 0.0);
        return SDLossOutput.of(name, perRow);
    }

    /**
     * Multi-sample triplet loss {@code relu(mean_k d(a,p_k) − mean_k d(a,n_k) + margin)} for P positives
     * and N negatives per anchor.
     */
    public static SDLossOutput multiSampleTriplet(SameDiff sd, String name, SDVariable anchor, SDVariable[] positives,
                                                  SDVariable[] negatives, double margin, Distance distance) {
        String fn = "SDTupleLosses.multiSampleTriplet";
        if (positives == null || positives.length == 0 || negatives == null || negatives.length == 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected at least one positive and one negative, got %d positives and %d negatives", fn,
                    positives == null ? 0 : positives.length, negatives == null ? 0 : negatives.length));
        }
        LossMultiSampleTriplet.MARGIN.check(fn, margin);
        LossMultiSampleTriplet.DISTANCE.check(fn, distance);
        SDVariable[] all = new SDVariable[1 + positives.length + negatives.length];
        all[0] = anchor;
        System.arraycopy(positives, 0, all, 1, positives.length);
        System.arraycopy(negatives, 0, all, 1 + positives.length, negatives.length);
        SDChecks.requireSameWidths(fn, all);

        SDVariable z = meanDistance(sd, distance, anchor, positives)
                .sub(meanDistance(sd, distance, anchor, negatives)).add(margin);
        return SDLossOutput.of(name, sd.nn().relu(z, 0.0));
    }

    private static SDVariable meanDistance(SameDiff sd, Distance distance, SDVariable anchor, SDVariable[] others) {
        SDVariable sum = SDDistance.rowwise(sd, null, distance, anchor, others[0]);
        for (int k = 1; k < others.length; k++) {
            sum = sum.add(SDDistance.rowwise(sd, null, distance, anchor, others[k]));
        }
        return sum.div(others.length);
    }

    /**
     * {@code log(1 + exp(z))} without overflow, as {@code z/2 + |z|/2 + log1p(exp(−|z|))}: the first two
     * terms are {@code relu(z)} exactly, and the derivative is {@code sigmoid(z)} everywhere, 0.5 at 0.
     */
    static SDVariable softplus(SameDiff sd, SDVariable z) {
        SDVariable absZ = sd.math().abs(z);
        return z.mul(0.5).add(absZ.mul(0.5)).add(sd.math().log1p(sd.math().exp(absZ.neg())));
    }

    /** Labels are a [B,1] (or, where unknown, any) variable. */
    static void requireColumn(String fn, SDVariable labels) {
        if (labels == null) {
            throw new IllegalArgumentException(fn + ": expected labels of shape [B, 1], got null");
        }
        long[] shape = labels.getShape();
        if (shape != null && (shape.length != 2 || (shape[1] >= 0 && shape[1] != 1))) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected labels (\"%s\") of shape [B, 1], got %s", fn, labels.name(), Arrays.toString(shape)));
        }
    }
}
