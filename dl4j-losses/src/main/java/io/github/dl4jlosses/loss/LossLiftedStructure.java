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
 * Lifted structured loss (Oh Song, Xiang, Jegelka &amp; Savarese 2016, "Deep Metric Learning via Lifted Structured
 * Feature Embedding") in its smooth <em>generalized</em> form, as written by Hermans, Beyer &amp; Leibe 2017
 * ("In Defense of the Triplet Loss for Person Re-Identification", p. 4)
 * and implemented by pytorch-metric-learning's {@code GeneralizedLiftedStructureLoss}. With {@code D} the
 * {@code B×B} distance matrix:
 * <pre>
 *   L_a = relu( log Σ_p exp(D_ap − m_pos)  +  log Σ_n exp(m_neg − D_an) )
 *   L   = mean of L_a over the anchors a that have a positive and a negative
 * </pre>
 * over positives {@code p ≠ a} of a's class and negatives {@code n} of other classes: the log-sum-exps are the
 * smooth upper bounds of the hardest positive ({@code max_p D_ap}) and the hardest negative
 * ({@code m_neg − min_n D_an}), so each anchor's term is a smooth batch-hard triplet loss. This is not the
 * paper's original per-positive-pair form ({@code J_ij = log(Σ exp(m − D_ik) + Σ exp(m − D_jl)) + D_ij}, squared
 * hinge; pytorch-metric-learning's {@code LiftedStructureLoss}).
 * <p>
 * Differences from pytorch-metric-learning: it scores an anchor that has negatives but no positive
 * ({@code relu(log Σ_n exp(m_neg − D_an))}) and averages over all B rows; here such an anchor contributes nothing
 * and the mean runs over the anchors that have both (the two agree on P×K batches). Its default distance
 * L2-normalises the embeddings first; here the distance applies to the embeddings as given (normalise them in
 * the network, e.g. {@code l2Normalize(true)} of the graph builders, to reproduce it).
 * <p>
 * <b>Input</b> (labelled batch): preOutput {@code [B, D]} embeddings, {@code B >= 2}; labels {@code [B,1]}
 * class ids or one-hot {@code [B,C]}. A per-example mask removes rows (see {@link BatchLoss}).
 * <p>
 * <b>Defaults</b> (pytorch-metric-learning's margins and the paper's distance): {@code marginPositive = 0},
 * {@code marginNegative = 1}, distance {@link Distance#EUCLIDEAN}.
 */
public class LossLiftedStructure extends PairWeightedLoss {

    /** {@code marginPositive}: Margin m_pos &gt;= 0 subtracted from positive distances (default 0). */
    public static final Option<Double> MARGIN_POSITIVE = Option.nonNegative("marginPositive", 0.0);
    /** {@code marginNegative}: Margin m_neg &gt;= 0 that negative distances should exceed (default 1). */
    public static final Option<Double> MARGIN_NEGATIVE = Option.nonNegative("marginNegative", 1.0);
    /** {@code distance}: The distance (default {@link Distance#EUCLIDEAN}). */
    public static final Option<Distance> DISTANCE = Option.choice("distance", Distance.class, Distance.EUCLIDEAN);

    /** The defaults listed in the class documentation. */
    public LossLiftedStructure() {
        super(List.of(MARGIN_POSITIVE, MARGIN_NEGATIVE, DISTANCE, MINER));
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossLiftedStructure> builder() {
        return new LossBuilder<>(LossLiftedStructure::new);
    }

    @Override
    protected Forward forwardPairs(INDArray d, AnchorPairs pairs, boolean withGradient) {
        PositiveEntries positives = pairs.positiveEntries();   // [B,S] slots in a P×K batch, else [B,B]
        MaskedSoftmax pos = MaskedSoftmax.of(positives.of(d).sub(get(MARGIN_POSITIVE)), positives.mask(), false);
        MaskedSoftmax neg = MaskedSoftmax.of(d.rsub(get(MARGIN_NEGATIVE)), pairs.negatives, false);
        INDArray u = pos.logSumExp.add(neg.logSumExp);                               // [B,1]
        double scale = pairs.meanScale();
        INDArray perRow = Transforms.relu(u, true).muli(pairs.valid).muli(scale);
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        INDArray active = u.gt(0.0).castTo(d.dataType()).muli(pairs.valid).muli(scale);
        INDArray gD = Broadcast.muliColumn(positives.addInto(neg.softmax.negi(), pos.softmax), active);
        return new Forward(perRow, gD);
    }

    @Override
    protected Distance distance() {
        return get(DISTANCE);
    }
}
