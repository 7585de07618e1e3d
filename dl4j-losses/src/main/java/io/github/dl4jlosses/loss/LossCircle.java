package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.mining.AnchorPairs;
import io.github.dl4jlosses.mining.MaskedSoftmax;
import io.github.dl4jlosses.mining.PositiveEntries;
import io.github.dl4jlosses.ops.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * Circle loss (Sun, Cheng, Zhang, Zhang, Zheng, Wang &amp; Wei 2020, "Circle Loss: A Unified Perspective of Pair
 * Similarity Optimization", eq. 6), in the pair-based form over all positives and negatives of each anchor of a
 * labelled batch, with the semantics of pytorch-metric-learning's {@code CircleLoss}. On cosine similarities
 * {@code S_ij = cos(x_i, x_j)}, relaxation margin m and scale γ:
 * <pre>
 *   α_p = relu(1 + m − S_ap)    α_n = relu(S_an + m)    Δ_p = 1 − m    Δ_n = m
 *   L_a = softplus( log Σ_p exp(−γ α_p (S_ap − Δ_p))  +  log Σ_n exp(γ α_n (S_an − Δ_n)) )
 *   L   = mean of L_a over the anchors a that have a positive and a negative
 * </pre>
 * ({@code softplus(u) = log(1 + exp(u))}), over positives {@code p ≠ a} of a's class and negatives {@code n}
 * of other classes; other anchors contribute nothing. pytorch-metric-learning's {@code AvgNonZeroReducer}
 * averages over the anchors with a non-zero loss: the same anchors, except where a valid anchor's loss
 * underflows to exactly 0.
 * <p>
 * <b>Gradient.</b> As in the paper's and pytorch-metric-learning's code, the weights {@code α_p, α_n} are
 * constants for the gradient ({@code detachWeights = true}, the default: {@code α.detach()}), so the gradient is
 * that of the paper's training rule, not the derivative of the score. With {@code with(DETACH_WEIGHTS, false)} the
 * gradient is the exact derivative of the score (then a finite-difference check such as DL4J's gradient check
 * passes).
 * <p>
 * <b>Numerics.</b> With γ = 256 the logits reach ±10³: both log-sum-exps subtract their row maximum
 * ({@link MaskedSoftmax}) and the softplus is evaluated as {@code max(u,0) + log1p(exp(−|u|))}, so every
 * data type stays finite.
 * <p>
 * <b>Input</b> (labelled batch): preOutput {@code [B, D]} embeddings, {@code B >= 2}; labels {@code [B,1]}
 * class ids or one-hot {@code [B,C]}. A per-example mask removes rows (see {@link BatchLoss}).
 * <p>
 * <b>Defaults</b> (the paper's for face recognition and person re-identification): {@code margin = 0.25},
 * {@code gamma = 256}, {@code detachWeights = true}. (pytorch-metric-learning defaults to m = 0.4, γ = 80,
 * the paper's fine-grained retrieval setting.)
 */
public class LossCircle extends PairWeightedLoss {

    /** {@code margin}: Relaxation margin m &gt;= 0 (default 0.25). */
    public static final Option<Double> MARGIN = Option.nonNegative("margin", 0.25);
    /** {@code gamma}: Scale γ &gt; 0 (default 256). */
    public static final Option<Double> GAMMA = Option.positive("gamma", 256.0);
    /**
     * {@code detachWeights}: Whether the weights α are constants for the gradient, as in the paper's code (default
     * true); false differentiates them too, so that the gradient is the exact derivative of the score.
     */
    public static final Option<Boolean> DETACH_WEIGHTS = Option.flag("detachWeights", true);

    /** The defaults listed in the class documentation. */
    public LossCircle() {
        super(List.of(MARGIN, GAMMA, DETACH_WEIGHTS, MINER));
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossCircle> builder() {
        return new LossBuilder<>(LossCircle::new);
    }

    @Override
    protected Forward forwardPairs(INDArray distances, AnchorPairs pairs, boolean withGradient) {
        double m = get(MARGIN);
        double gamma = get(GAMMA);
        // S = 1 − M ∈ [−1, 1] (M ≤ COSINE_BOUND, up to rounding) bounds |α_p (S − Δ_p)| and |α_n (S − Δ_n)| by
        // (2 + m)²: no pass to find the logits' largest magnitude.
        double bound = gamma * (Distance.COSINE_BOUND + m) * (Distance.COSINE_BOUND + m);
        // The positives' side on their own entries: [B,S] slots in a P×K batch, where the negatives fill [B,B].
        PositiveEntries positives = pairs.positiveEntries();
        Side pos = new Side(positives.of(distances), positives.mask(), -gamma, 1.0 + m, 1.0 - m, bound);
        Side neg = new Side(distances, pairs.negatives, gamma, -m, m, bound);
        INDArray u = pos.softmax.logSumExp.add(neg.softmax.logSumExp);             // [B,1]
        double scale = pairs.meanScale();
        INDArray perRow = Hinge.softplus(u).muli(pairs.valid).muli(scale);
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        boolean detach = get(DETACH_WEIGHTS);
        INDArray gS = positives.addInto(neg.gradient(detach), pos.gradient(detach));
        INDArray slope = Transforms.sigmoid(u, true).muli(pairs.valid).muli(-scale);  // M = 1 − S
        return new Forward(perRow, Broadcast.muliColumn(gS, slope));
    }

    /**
     * One side's log-sum-exp over its mask, on similarities {@code S = 1 − M}: weights {@code α_p = relu(1 + m − S)} or
     * {@code α_n = relu(S + m)}, offsets {@code S − Δ}, logits {@code g·α·(S − Δ)} with {@code g = −γ} for the
     * positives and {@code γ} for the negatives.
     */
    private static final class Side {
        final INDArray alpha;
        final INDArray offset;
        final double g;
        final MaskedSoftmax softmax;

        /**
         * @param d     the side's distances M
         * @param mask  0/1 of the side's pairs, shaped as {@code d}
         * @param g     −γ (positives) or γ (negatives): the sign of the weight in S and the logits' scale
         * @param top   1 + m (positives: α = relu(1 + m − S)) or −m (negatives: α = relu(S − (−m)))
         * @param delta Δ_p = 1 − m or Δ_n = m
         * @param bound a bound on the logits' magnitude ({@link MaskedSoftmax#of(INDArray, INDArray, boolean, double)})
         */
        Side(INDArray d, INDArray mask, double g, double top, double delta, double bound) {
            INDArray s = d.rsub(1.0);                                                  // cosine similarity
            this.alpha = Transforms.relu(g < 0 ? s.rsub(top) : s.sub(top), false);     // relu(1 + m − S), relu(S + m)
            this.offset = s.subi(delta);                                               // S − Δ
            this.g = g;
            this.softmax = MaskedSoftmax.of(offset.mul(alpha).muli(g), mask, false, bound);
        }

        /**
         * The gradient of the log-sum-exp with respect to S, times the softmax: {@code g·α} per logit with constant
         * weights; with weights differentiated the product rule adds {@code g·(S − Δ)·dα/dS}, and {@code dα/dS} is
         * {@code −[α > 0]} (positives) or {@code [α > 0]} (negatives): {@code γ (S − Δ)[α > 0]} either way.
         */
        INDArray gradient(boolean detach) {
            INDArray dS = alpha.mul(g);
            if (!detach) {
                dS.addi(offset.muli(alpha.gt(0.0).castTo(offset.dataType())).muli(Math.abs(g)));
            }
            return softmax.softmax.muli(dS);
        }
    }

    @Override
    protected Distance distance() {
        return Distance.COSINE;
    }
}
