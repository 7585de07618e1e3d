package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.mining.MaskedSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Multi-class N-pair loss (Sohn 2016, "Improved Deep Metric Learning with Multi-class N-pair Loss
 * Objective") with its L2 embedding regulariser, as TensorFlow Addons' {@code npairs_loss}:
 * <pre>
 *   s_ij = a_i · p_j
 *   L = (1/N') Σ_i [ log Σ_j exp(s_ij) − Σ_j t_ij s_ij ]  +  λ · 0.25 · ( mean_i ‖a_i‖² + mean_i ‖p_i‖² )
 * </pre>
 * Without class ids {@code t = I} and the bracket is {@code log(1 + Σ_{j≠i} exp(s_ij − s_ii))}. With class
 * ids the target of row i is spread evenly over the positives of its class, {@code t_ij = [c_i = c_j] / n_{c_i}}
 * (TensorFlow Addons' semantics), so a same-class row is never pushed away as a negative.
 * The cross-entropy sum and {@code N'} run over the anchors that have at least one negative (all N when no
 * class ids are given); a batch without any negative keeps only the L2 term (and logs a warning).
 * <p>
 * <b>Input</b> (pair batch, see {@link PairBatchLoss}): preOutput {@code [N, 2D] = [anchor | positive]},
 * {@code N >= 2}; labels optional class ids {@code [N,1]} or one-hot {@code [N,C]}. A per-example mask
 * removes rows (see {@link BatchLoss}).
 * <p>
 * <b>Defaults</b>: {@code lambda = 0.002} (TensorFlow Addons' {@code reg_lambda}), {@code useClassIds = true}.
 */
public class LossNPair extends PairBatchLoss {

    /** {@code lambda}: Weight λ &gt;= 0 of the L2 embedding regulariser (default 0.002). */
    public static final Option<Double> LAMBDA = Option.nonNegative("lambda", 0.002);

    /** The defaults listed in the class documentation. */
    public LossNPair() {
        super(List.of(LAMBDA, USE_CLASS_IDS));
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossNPair> builder() {
        return new LossBuilder<>(LossNPair::new);
    }

    @Override
    protected Forward forwardPairs(INDArray a, INDArray p, INDArray negatives, boolean withGradient) {
        long n = a.size(0);
        INDArray same = negatives.rsub(1.0);                                  // diagonal included
        INDArray target = Broadcast.divColumn(same, same.sum(true, 1));
        INDArray hasNegative = negatives.sum(true, 1).gt(0.0).castTo(a.dataType());
        double anchors = hasNegative.sumNumber().doubleValue();

        INDArray s = Nd4j.gemm(a, p, false, true);
        MaskedSoftmax lse = MaskedSoftmax.of(s);
        INDArray crossEntropy = lse.logSumExp.sub(s.mul(target).sum(true, 1)).muli(hasNegative);
        double scale = anchors == 0 ? 0 : n / anchors;
        if (anchors == 0) {
            warnDegenerate("no anchor has an in-batch negative (" + n + " row(s), all of one class?); "
                    + "the batch scores only the L2 term");
        }
        INDArray perRow = crossEntropy.muli(scale)
                .addi(a.mul(a).sum(true, 1).addi(p.mul(p).sum(true, 1)).muli(0.25 * get(LAMBDA)));
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        INDArray gS = Broadcast.muliColumn(lse.softmax.sub(target), hasNegative.mul(scale));
        INDArray gA = Nd4j.gemm(gS, p, false, false).addi(a.mul(0.5 * get(LAMBDA)));
        INDArray gP = Nd4j.gemm(gS, a, true, false).addi(p.mul(0.5 * get(LAMBDA)));
        return new Forward(perRow, join(gA, gP));
    }
}
