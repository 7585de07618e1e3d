package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.MatrixDistance;
import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.mining.MaskedSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * InfoNCE with in-batch negatives (van den Oord, Li &amp; Vinyals 2018, "Representation Learning with
 * Contrastive Predictive Coding"; in-batch form and symmetric variant as in Neelakantan et al. 2022,
 * "Text and Code Embeddings by Contrastive Pre-Training", cpt):
 * <pre>
 *   s_ij = cos(a_i, p_j) / τ
 *   L_i^{a→p} = − log( exp(s_ii) / Σ_{j ∈ {i} ∪ neg(i)} exp(s_ij) )        (row-wise cross-entropy)
 *   L_i^{p→a} = − log( exp(s_ii) / Σ_{j ∈ {i} ∪ neg(i)} exp(s_ji) )        (column-wise, for symmetric)
 *   L = (1/N') Σ_i L_i^{a→p}           or, symmetric,   (1/N') Σ_i (L_i^{a→p} + L_i^{p→a}) / 2
 * </pre>
 * where {@code neg(i)} are the rows {@code j ≠ i} (of a different class, when class ids are given: same-class
 * rows are left out of the softmax, not treated as negatives), and the sum and {@code N'} run over the rows
 * that have at least one negative (all N when no class ids are given).
 * <p>
 * <b>Input</b> (pair batch, see {@link PairBatchLoss}): preOutput {@code [N, 2D] = [anchor | positive]},
 * {@code N >= 2}; labels optional class ids {@code [N,1]} or one-hot {@code [N,C]}. A per-example mask
 * removes rows (see {@link BatchLoss}).
 * <p>
 * <b>Defaults</b>: {@code temperature = 0.07} (CLIP/MoCo's), {@code symmetric = false} (van den Oord's
 * one-directional InfoNCE; cpt uses {@code symmetric = true}), {@code useClassIds = true}.
 */
public class LossInfoNCE extends PairBatchLoss {

    /**
     * Smallest temperature accepted: logits are {@code cos/τ}, and below this {@code 1/τ} (and the gradient's
     * {@code 1/τ}) leave HALF's range (max 65504); a denormal-tiny τ would even overflow DOUBLE to infinity.
     */
    public static final double MIN_TEMPERATURE = 1e-4;
    /** {@code temperature}: Temperature τ &gt; 0 (default 0.07). */
    public static final Option<Double> TEMPERATURE = Option.atLeast("temperature", MIN_TEMPERATURE, 0.07);
    /** {@code symmetric}: Average the anchor→positive and positive→anchor cross-entropies, as cpt (default false). */
    public static final Option<Boolean> SYMMETRIC = Option.flag("symmetric", false);

    /** The defaults listed in the class documentation. */
    public LossInfoNCE() {
        super(List.of(TEMPERATURE, SYMMETRIC, USE_CLASS_IDS));
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossInfoNCE> builder() {
        return new LossBuilder<>(LossInfoNCE::new);
    }

    @Override
    protected Forward forwardPairs(INDArray a, INDArray p, INDArray negatives, boolean withGradient) {
        long n = a.size(0);
        INDArray kept = ClassLabels.setDiagonal(negatives.dup('c'), 1.0);       // negatives and the positive
        INDArray hasNegative = negatives.sum(true, 1).gt(0.0).castTo(a.dataType());
        double anchors = hasNegative.sumNumber().doubleValue();
        if (anchors == 0) {
            warnDegenerate("no row has an in-batch negative (" + n + " row(s), all of one class?)" + SCORES_ZERO);
            return noPairs(a, withGradient);
        }
        double scale = n / anchors;

        MatrixDistance cosine = Distance.COSINE.matrixWithGradient(a, p);   // its gradient reads only the unit rows
        INDArray s = cosine.value().rsubi(1.0).divi(get(TEMPERATURE));             // cos(a_i,p_j)/τ
        INDArray diagonal = ClassLabels.diagonal(s);
        MaskedSoftmax rows = MaskedSoftmax.of(s, kept, false);
        INDArray perRow = rows.logSumExp.sub(diagonal);
        MaskedSoftmax cols = null;
        if (get(SYMMETRIC)) {
            cols = MaskedSoftmax.of(s.transpose(), kept.transpose(), false);
            perRow.addi(cols.logSumExp.sub(diagonal)).muli(0.5);
        }
        INDArray weight = hasNegative.mul(get(SYMMETRIC) ? 0.5 * scale : scale);
        perRow.muli(hasNegative).muli(scale);
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        INDArray gS = Broadcast.muliColumn(minusIdentity(rows.softmax), weight);
        if (get(SYMMETRIC)) {
            gS.addi(Broadcast.muliColumn(minusIdentity(cols.softmax), weight).transpose());
        }
        // s = (1 − M)/τ with M the cosine-distance matrix: dL/dM = −dL/ds / τ
        INDArray[] g = cosine.gradient(gS.divi(-get(TEMPERATURE)));
        return new Forward(perRow, join(g[0], g[1]));
    }

    /** {@code x − I} for a square {@code x}, in place (its diagonal minus 1); returns {@code x}. */
    private static INDArray minusIdentity(INDArray x) {
        ClassLabels.diagonalView(x).subi(1.0);
        return x;
    }
}
