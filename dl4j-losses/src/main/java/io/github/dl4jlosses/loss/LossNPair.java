package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.mining.RowSoftmax;
import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.CallWorkspace;
import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.Rows;
import io.github.dl4jlosses.ops.VectorRows;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
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

    /**
     * With the L2 term on and no mask (which removes rows before the loss sees them), each row's squared norm, which
     * the L2 term needs anyway, is non-finite exactly when the row is: no separate pass over the input.
     */
    @Override
    protected boolean checksFinitenessThroughDistances(INDArray mask) {
        return mask == null && get(LAMBDA) > 0;
    }

    /**
     * {@code [N,1]} the squared norms of the rows of {@code pairs}, checked finite ({@link #requireFiniteDistances}):
     * where {@link VectorRows} takes the rows, one vectorised pass on the host and the check on N heap values, where
     * libnd4j's generic natives take an unvectorised reduction and a sum (two native ops).
     */
    private INDArray finiteSquaredNorms(INDArray pairs) {
        if (!VectorRows.acceptsOnHost(pairs)) {
            INDArray squared = Rows.squaredNorms(pairs);
            requireFiniteDistances(pairs, squared);
            return squared;
        }
        float[] squared = VectorRows.squaredNorms(pairs);             // FLOAT rows
        double sum = 0;
        for (float v : squared) {
            sum += v;
        }
        INDArray column = HostValues.column(squared);
        if (!Double.isFinite(sum)) {
            requireFiniteDistances(pairs, column);                   // names the row, or says the squares overflowed
        }
        return column;
    }

    @Override
    protected Forward forwardPairs(INDArray pairs, Classes classes, boolean withGradient) {
        double lambda = get(LAMBDA);
        INDArray squaredNorms = lambda > 0 ? finiteSquaredNorms(pairs) : null;   // ‖a_i‖² + ‖p_i‖² = ‖row i‖²
        // The anchors and positives only enter products: column views of the input, no split, and the gradient's two
        // blocks are written in place by the products (no join).
        INDArray[] ap = views(pairs);
        INDArray a = ap[0];
        INDArray p = ap[1];
        long n = pairs.size(0);
        INDArray logits = Nd4j.gemm(a, p, false, true);                            // raw dot products
        if (classes.eachOwnClass() && n > 1 && VectorRows.acceptsOnHost(logits)) {
            // On the host (FLOAT: the JDK's Vector API or plain loops) one pass gives the cross-entropy against the
            // diagonal, log Σ_j exp(s_ij) − s_ii (exact however far apart the logits), and leaves softmax − I in the
            // logits.
            float[] ones = new float[(int) n];
            Arrays.fill(ones, 1f);
            INDArray perRow = HostValues.column(VectorRows.scaledSoftmaxAgainstDiagonal(logits, ones, ones));
            if (squaredNorms != null) {
                perRow.addi(squaredNorms.muli(0.25 * lambda));
            }
            return new Forward(perRow, withGradient ? logitGradientInto(l2Gradient(pairs, lambda), logits, ap, 1.0, 1.0)
                    : null);
        }
        RowSoftmax rows = RowSoftmax.ofUnbounded(logits);
        // Σ_j t_ij s_ij and the anchors with a negative: with every row its own class t = I, the bracket is the
        // cross-entropy against the diagonal and every anchor has N − 1 negatives (no [N,N] target, mask or count).
        INDArray crossEntropy;
        INDArray hasNegative = null;
        INDArray classSize = null;
        double anchors = n;
        if (classes.eachOwnClass()) {
            crossEntropy = rows.diagonalCrossEntropy();
        } else {
            classSize = Rows.sums(classes.same);
            INDArray targetLogit = Broadcast.diviColumn(Rows.dot(classes.same, rows.logits), classSize);
            crossEntropy = rows.logSumExp().subi(targetLogit);
            hasNegative = classSize.lt(n).castTo(pairs.dataType());
            anchors = hasNegative.sumNumber().doubleValue();
            crossEntropy.muli(hasNegative);
        }
        if (anchors == 0) {
            warnDegenerate("no anchor has an in-batch negative (" + n + " row(s), all of one class?); "
                    + "the batch scores only the L2 term");
        }
        double scale = anchors == 0 ? 0 : n / anchors;
        INDArray perRow = scale == 1 ? crossEntropy : crossEntropy.muli(scale);
        if (squaredNorms != null) {
            perRow.addi(squaredNorms.muli(0.25 * lambda));
        }
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        // dL/ds = w ⊙ (softmax − t) with w_i = [anchor i has a negative]·scale (1 without classes): with t = I the −1
        // on the diagonal is one strided pass over N entries. The L2 term's gradient λ/2·[a | p] is the products'
        // starting value.
        INDArray gS = rows.softmax;
        if (hasNegative == null) {
            ClassLabels.diagonalView(gS).subi(1.0);
        } else {
            INDArray w = hasNegative.mul(scale);
            Broadcast.muliColumn(gS, w).subi(Broadcast.mulColumn(classes.same, w.div(classSize)));
        }
        return new Forward(perRow, logitGradientInto(l2Gradient(pairs, lambda), gS, ap, 1.0, 1.0));
    }

    /** The L2 term's gradient {@code λ/2·[a | p]} in the array the call returns: the products' starting value. */
    private static INDArray l2Gradient(INDArray pairs, double lambda) {
        INDArray grad = CallWorkspace.result(pairs.dataType(), pairs.shape());     // returned itself (no copy out)
        return lambda > 0 ? pairs.mul(0.5 * lambda, grad) : grad.assign(0.0);
    }
}
