package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.mining.AllPairsMiner;
import io.github.dl4jlosses.mining.AnchorPairs;
import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.mining.MaskedSoftmax;
import io.github.dl4jlosses.mining.PositiveEntries;
import io.github.dl4jlosses.mining.RowSoftmax;
import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * Supervised contrastive loss (Khosla, Teterwak, Wang, Sarna, Tian, Isola, Maschinot, Liu &amp; Krishnan 2020,
 * "Supervised Contrastive Learning"), the multi-positive in-batch form the paper calls {@code L_out} (eq. 2),
 * with the semantics of pytorch-metric-learning's {@code SupConLoss}. On cosine similarities
 * {@code S_ij = cos(x_i, x_j)} and temperature τ:
 * <pre>
 *   L_a = −(1/|P(a)|) Σ_{p ∈ P(a)} log( exp(S_ap/τ) / Σ_{j ≠ a} exp(S_aj/τ) )
 *   L   = mean of L_a over the anchors a that have a positive and a negative
 * </pre>
 * with {@code P(a)} the other rows of a's class; the denominator runs over every other row of the batch.
 * An anchor without a positive contributes nothing (as pytorch-metric-learning, whose
 * {@code AvgNonZeroReducer} averages over the anchors with a non-zero loss: the same anchors, except where a
 * valid anchor's loss rounds to exactly 0). The original code (SupContrast) also multiplies by
 * {@code τ / 0.07}, which is 1 at the default temperature; it is not applied here.
 * <p>
 * <b>Input</b> (labelled batch): preOutput {@code [B, D]} embeddings, {@code B >= 2}; labels {@code [B,1]}
 * class ids or one-hot {@code [B,C]}. A per-example mask removes rows (see {@link BatchLoss}). The paper feeds
 * two augmented views of each image: put both in the batch with the same class id.
 * <p>
 * <b>Defaults</b> (the paper's): {@code temperature = 0.07}.
 */
public class LossSupCon extends PairWeightedLoss {

    /** At least 1e-4, as {@link LossInfoNCE}'s: 1/τ multiplies similarities. */
    public static final Option<Double> TEMPERATURE = Option.atLeast("temperature", 1e-4, 0.07);

    /** The defaults listed in the class documentation. */
    public LossSupCon() {
        super(List.of(TEMPERATURE, MINER));
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossSupCon> builder() {
        return new LossBuilder<>(LossSupCon::new);
    }

    @Override
    protected Forward forwardPairs(INDArray distances, AnchorPairs pairs, boolean withGradient) {
        double tau = get(TEMPERATURE);
        // S/τ, c-ordered whatever the distances' order (the diagonal below is written through a strided view)
        INDArray z = distances.rsubi(1.0, Nd4j.createUninitialized(distances.dataType(), distances.shape(), 'c'))
                .divi(tau);
        // 1/|P(a)| on a's positives: the weights of the mean over positives ([B,S] slots in a P×K batch, else [B,B])
        PositiveEntries positives = pairs.positiveEntries();
        INDArray share = Broadcast.divColumn(positives.mask(), Transforms.max(pairs.positiveCounts, 1.0, true));
        INDArray target = Rows.dot(positives.of(z), share);
        double scale = pairs.meanScale();
        INDArray logSumExp;
        INDArray softmax;
        if (miner() instanceof AllPairsMiner) {
            // Every pair mined: a valid anchor's denominator runs over every reference but itself, the fused row
            // softmax with the anchor's own entry at −∞ (no mask, no masked maximum); rows of anchors that do not
            // count are cleared below.
            RowSoftmax rows = RowSoftmax.of(ClassLabels.setDiagonal(z, Double.NEGATIVE_INFINITY));
            logSumExp = rows.logSumExp();
            softmax = rows.softmax;
        } else {
            MaskedSoftmax all = MaskedSoftmax.of(z, pairs.positives.add(pairs.negatives), false);
            logSumExp = all.logSumExp;
            softmax = all.softmax;
        }
        INDArray perRow = logSumExp.subi(target).muli(pairs.valid).muli(scale);
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        // dL_a/dz_aj = softmax_aj − share_aj on valid anchors; z = (1 − M)/τ, M the cosine distance matrix
        INDArray gM = Broadcast.muliColumn(positives.addInto(softmax, share.negi()), pairs.valid.mul(-scale / tau));
        return new Forward(perRow, gM);
    }

    @Override
    protected Distance distance() {
        return Distance.COSINE;
    }
}
