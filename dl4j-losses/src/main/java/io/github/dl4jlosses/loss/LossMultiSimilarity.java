package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.mining.AllPairsMiner;
import io.github.dl4jlosses.mining.DefaultMining;
import io.github.dl4jlosses.mining.LabelledDistances;
import io.github.dl4jlosses.mining.Mined;
import io.github.dl4jlosses.mining.Miner;
import io.github.dl4jlosses.mining.MultiSimilarityMiner;
import io.github.dl4jlosses.mining.MaskedSoftmax;
import io.github.dl4jlosses.mining.PositiveEntries;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Multi-similarity loss with its pair mining (Wang, Han, Huang, Dong &amp; Scott 2019, "Multi-Similarity
 * Loss with General Pair Weighting for Deep Metric Learning"), with the semantics of pytorch-metric-learning's
 * {@code MultiSimilarityMiner} followed by {@code MultiSimilarityLoss}. On cosine similarities
 * {@code S_ij = cos(x_i, x_j)}:
 * <pre>
 *   mining:  keep positive p of a  if  S_ap − ε &lt; max_{n} S_an
 *            keep negative n of a  if  S_an + ε &gt; min_{p} S_ap
 *   L = (1/B) Σ_a [ (1/α) log(1 + Σ_{kept p} exp(−α (S_ap − λ)))  +  (1/β) log(1 + Σ_{kept n} exp(β (S_an − λ))) ]
 * </pre>
 * over positives {@code p ≠ a} of a's class and negatives {@code n} of other classes. An anchor without
 * a negative keeps no positive and vice versa (the max/min over an empty set never passes), and contributes
 * 0; the mean runs over all B rows, as pytorch-metric-learning's default {@code MeanReducer}.
 * With {@code mine = false} every positive and negative pair of an anchor that has both is kept
 * (pytorch-metric-learning without a miner would also score anchors that have positives but no negative).
 * <p>
 * <b>Input</b> (labelled batch): preOutput {@code [B, D]} embeddings, {@code B >= 2}; labels {@code [B,1]}
 * class ids or one-hot {@code [B,C]}. A per-example mask removes rows (see {@link BatchLoss}).
 * <p>
 * <b>Defaults</b> (the paper's and pytorch-metric-learning's): {@code alpha = 2}, {@code beta = 50},
 * {@code lambda = 0.5} ({@code base}), {@code epsilon = 0.1}, {@code mine = true}.
 */
public class LossMultiSimilarity extends LabelledBatchLoss {

    /** {@code alpha}: Scale α &gt; 0 of the positive term (default 2). */
    public static final Option<Double> ALPHA = Option.positive("alpha", 2.0);
    /** {@code beta}: Scale β &gt; 0 of the negative term (default 50). */
    public static final Option<Double> BETA = Option.positive("beta", 50.0);
    /** {@code lambda}: Similarity offset λ (pytorch-metric-learning's {@code base}; default 0.5). */
    public static final Option<Double> LAMBDA = Option.finite("lambda", 0.5);
    /** {@code epsilon}: Mining margin ε &gt;= 0 (default 0.1). */
    public static final Option<Double> EPSILON = Option.nonNegative("epsilon", 0.1);
    /** {@code mine}: Whether to mine pairs first (default true); false keeps every positive and negative pair. */
    public static final Option<Boolean> MINE = Option.flag("mine", true);

    /** The defaults listed in the class documentation. */
    public LossMultiSimilarity() {
        super(List.of(ALPHA, BETA, LAMBDA, EPSILON, MINE, MINER));
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossMultiSimilarity> builder() {
        return new LossBuilder<>(LossMultiSimilarity::new);
    }

    @Override
    protected Forward forwardMined(LabelledDistances batch, Mined mined, boolean withGradient) {
        PositiveEntries positives = mined.positiveEntries();     // [B,S] slots in a P×K batch, else [B,M]
        INDArray negatives = mined.negatives();
        double alpha = get(ALPHA);
        double beta = get(BETA);
        double lambda = get(LAMBDA);
        INDArray m = batch.distances;
        // S ≥ −1 bounds α(λ − S) by α(λ + 1), S ≤ 1 bounds β(S − λ) by β(1 − λ) (plus rounding): small bounds (the
        // defaults: 3 and 25) let the softmaxes skip their max-shift.
        // On the cosine distance M = 1 − S: α(λ − S) = α·u and β(S − λ) = −β·u with u = M + λ − 1 (no S).
        double upperP = alpha * (lambda + 1) + 1e-3 * alpha;
        double upperN = beta * (1 - lambda) + 1e-3 * beta;
        MaskedSoftmax pos;
        MaskedSoftmax neg;
        if (positives.isSlots()) {
            // the positives' few entries on their own, the negatives' [B,M] exponential alone
            pos = MaskedSoftmax.ofBounded(positives.of(m), lambda - 1, alpha, positives.mask(), upperP);
            neg = MaskedSoftmax.ofBounded(m, lambda - 1, -beta, negatives, upperN);
        } else {
            // on the disjoint positives and negatives of one [B,M] matrix one exponential serves both softmaxes
            MaskedSoftmax[] both = MaskedSoftmax.ofBoundedDisjoint(m, lambda - 1, positives.mask(), alpha, upperP,
                    negatives, -beta, upperN);
            pos = both[0];
            neg = both[1];
        }
        // Whether any pair was mined, from the rows' found flags ([B,1]) rather than two sums over the [B,M] masks.
        if (pos.found.sumNumber().doubleValue() + neg.found.sumNumber().doubleValue() == 0) {
            warnDegenerate((get(MINE) || !(get(MINER) instanceof DefaultMining) ? "no pair was mined"
                    : "no positive or negative pair") + " (" + batch.queries()
                    + " row(s), one class or no repeated class?)" + SCORES_ZERO);
            return null;
        }
        INDArray perRow = pos.logSumExp.div(alpha).addi(neg.logSumExp.div(beta));
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        // d/dS of (1/α)·lse(α(λ − S)) is −softmax; of (1/β)·lse(β(S − λ)) is +softmax; M = 1 − S.
        return new Forward(perRow, positives.addInto(neg.softmax.negi(), pos.softmax));
    }

    @Override
    protected Distance distance() {
        return Distance.COSINE;
    }

    /** Multi-similarity mining with this loss's ε when {@code mine} (the default), else every pair. */
    @Override
    protected Miner ownMiner() {
        return get(MINE) ? new MultiSimilarityMiner(get(EPSILON)) : new AllPairsMiner();
    }
}
