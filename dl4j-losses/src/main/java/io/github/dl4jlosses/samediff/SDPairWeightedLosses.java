package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossCircle;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import io.github.dl4jlosses.loss.LossSupCon;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The losses of a labelled batch that weigh every positive and negative pair of an anchor through
 * log-sum-exps, as SameDiff graphs: circle loss, supervised contrastive loss and the generalized lifted
 * structure loss. Embeddings {@code [B,D]}, labels class ids {@code [B,1]} or one-hot {@code [B,C]}; positives
 * of a row are the other rows of its class, negatives the rows of other classes. Semantics are those of
 * {@code LossCircle}, {@code LossSupCon} and {@code LossLiftedStructure}: the loss is the mean over the anchors
 * that have a positive and a negative (others contribute 0; a batch without any scores 0, never NaN). The graphs
 * are written from the formulas, independently of the analytic losses, and differentiated by SameDiff.
 * Memory O(B²).
 */
public final class SDPairWeightedLosses {
    private SDPairWeightedLosses() {
    }

    private static void requireInputs(String fn, SDVariable embeddings, SDVariable labels) {
        SDChecks.requireMatrix(fn, "embeddings", embeddings);
        SDLabelledBatchLosses.requireLabels(fn, labels);
    }

    /** {@code perAnchor} kept on valid anchors and scaled so that its mean over B rows is the mean over them. */
    private static SDVariable meanOverValid(SameDiff sd, SDVariable perAnchor, SDVariable valid) {
        return perAnchor.mul(valid).mul(SDLabelledBatchLosses.scale(sd, valid, valid.sum()));
    }

    /**
     * Circle loss (Sun 2020) on cosine similarities S: per anchor
     * {@code softplus(log Σ_p exp(−γ α_p (S_ap − 1 + m)) + log Σ_n exp(γ α_n (S_an − m)))} with
     * {@code α_p = relu(1 + m − S_ap)}, {@code α_n = relu(S_an + m)}; with {@code detachWeights} the α are
     * constants for autodiff (a stop-gradient), as in the paper's code.
     */
    public static SDLossOutput circle(SameDiff sd, String name, SDVariable embeddings, SDVariable labels,
                                      double margin, double gamma, boolean detachWeights) {
        String fn = "SDPairWeightedLosses.circle";
        LossCircle.MARGIN.check(fn, margin);
        LossCircle.GAMMA.check(fn, gamma);
        LossCircle.DETACH_WEIGHTS.check(fn, detachWeights);
        requireInputs(fn, embeddings, labels);
        return circle(name, sd, SDPairs.within(sd, Distance.COSINE, embeddings, labels), margin, gamma, detachWeights);
    }

    /** {@link #circle} on given pairs (cosine distances). */
    static SDLossOutput circle(String name, SameDiff sd, SDPairs p, double margin, double gamma, boolean detachWeights) {
        SDVariable valid = p.validAnchors();
        SDVariable s = p.similarities();
        SDVariable logitP;
        SDVariable logitN;
        if (detachWeights) {
            // detached weights are constants for autodiff (no relu_bp, no zeros back-propagated as a StopGradient
            // would), scaled by ±γ before they weigh S: the backprop is one product each, not two and a scaling
            SDVariable w = SDMasks.withoutGradient(sd, s);
            SDVariable weightP = sd.nn().relu(w.rsub(1.0 + margin), 0.0).mul(-gamma);
            SDVariable weightN = sd.nn().relu(w.add(margin), 0.0).mul(gamma);
            logitP = WeightedBy.of(sd, s.sub(1.0 - margin), weightP);
            logitN = WeightedBy.of(sd, s.sub(margin), weightN);
        } else {
            SDVariable alphaP = sd.nn().relu(s.rsub(1.0 + margin), 0.0);
            SDVariable alphaN = sd.nn().relu(s.add(margin), 0.0);
            logitP = alphaP.mul(s.sub(1.0 - margin)).mul(-gamma);
            logitN = alphaN.mul(s.sub(margin)).mul(gamma);
        }
        // |S| ≤ 1: |α_p (S − Δ_p)| ≤ (2 + m)², |α_n (S − Δ_n)| ≤ (1 + m)²
        double bound = gamma * (2 + margin) * (2 + margin);
        SDVariable u = SDMasks.logSumExp(sd, logitP, p.positives, -bound, bound, false)
                .add(SDMasks.logSumExp(sd, logitN, p.negatives, -bound, bound, false));
        return SDLossOutput.of(name, meanOverValid(sd, SDTupleLosses.softplus(sd, u), valid));
    }

    /**
     * Supervised contrastive loss (Khosla 2020, {@code L_out}) on cosine similarities S at temperature τ: per
     * anchor {@code log Σ_{j≠a} exp(S_aj/τ) − mean_p S_ap/τ}.
     */
    public static SDLossOutput supCon(SameDiff sd, String name, SDVariable embeddings, SDVariable labels,
                                      double temperature) {
        String fn = "SDPairWeightedLosses.supCon";
        LossSupCon.TEMPERATURE.check(fn, temperature);
        requireInputs(fn, embeddings, labels);
        return supCon(name, sd, SDPairs.within(sd, Distance.COSINE, embeddings, labels), temperature);
    }

    /** {@link #supCon} on given pairs (cosine distances). */
    static SDLossOutput supCon(String name, SameDiff sd, SDPairs p, double temperature) {
        SDVariable valid = p.validAnchors();
        SDVariable z = p.similarities().div(temperature);
        SDVariable denominator = SDMasks.logSumExp(sd, z, p.positives.add(p.negatives), -1 / temperature, 1 / temperature, false);
        SDVariable positives = p.positives.sum(true, 1);
        SDVariable meanPositive = SDMasks.pairRowSums(WeightedBy.of(sd, z, p.positives)).div(sd.scalarMax(positives, 1.0));
        return SDLossOutput.of(name, meanOverValid(sd, denominator.sub(meanPositive), valid));
    }

    /**
     * Generalized lifted structure loss (Hermans 2017's form of Oh Song 2016) on distances D: per anchor
     * {@code relu(log Σ_p exp(D_ap − m_pos) + log Σ_n exp(m_neg − D_an))}.
     */
    public static SDLossOutput liftedStructure(SameDiff sd, String name, SDVariable embeddings, SDVariable labels,
                                               double marginPositive, double marginNegative, Distance distance) {
        String fn = "SDPairWeightedLosses.liftedStructure";
        LossLiftedStructure.MARGIN_POSITIVE.check(fn, marginPositive);
        LossLiftedStructure.MARGIN_NEGATIVE.check(fn, marginNegative);
        LossLiftedStructure.DISTANCE.check(fn, distance);
        requireInputs(fn, embeddings, labels);
        return liftedStructure(name, sd, SDPairs.within(sd, distance, embeddings, labels), marginPositive, marginNegative);
    }

    /** {@link #liftedStructure} on given pairs. */
    static SDLossOutput liftedStructure(String name, SameDiff sd, SDPairs p, double marginPositive, double marginNegative) {
        SDVariable valid = p.validAnchors();
        SDVariable d = p.d;
        // distances are unbounded: the masked entries' shift follows the data (its gradient is multiplied by 0)
        SDVariable shift = sd.math().abs(d).max().mul(2.0).add(2 * (marginPositive + marginNegative) + 800);
        SDVariable u = SDMasks.logSumExp(sd, d.sub(marginPositive), p.positives, shift, false)
                .add(SDMasks.logSumExp(sd, d.rsub(marginNegative), p.negatives, shift, false));
        return SDLossOutput.of(name, meanOverValid(sd, sd.nn().relu(u, 0.0), valid));
    }
}
