package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.OneDnnNatives;
import io.github.dl4jlosses.ops.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Row-wise softmax of a dense {@code [B,M]} matrix {@code x} (every entry kept; see {@link MaskedSoftmax} for masks),
 * by libnd4j's fused {@code softmax} op, with the log-sum-exp and the cross-entropy against the diagonal derived from it
 * on request:
 * <pre>
 *   p_ij = exp(x_ij) / Σ_k exp(x_ik)
 *   lse_i = log Σ_k exp(x_ik) = max_k x_ik − log max_k p_ik
 *   −log p_ii = lse_i − x_ii
 * </pre>
 * The fused op takes 0.74 ms for a {@code [512,512]} FLOAT matrix (2 threads) where a shifted exp-sum as five ND4J
 * passes takes 2.0 ms. On ND4J's oneDNN natives a FLOAT matrix goes to libnd4j as {@code [1,B,M]}: the op hands
 * inputs of rank 3 to 6 to oneDNN's vectorised softmax (rank 2 never), 0.33 against 1.0 ms for {@code [512,512]} and
 * 0.53 against 2.1 ms for {@code [1024,1024]} (measured, 2 threads); on the generic natives the rank-3 form only
 * costs (0.86 against 0.69 ms), so there the matrix stays a matrix.
 * <p>
 * The largest probability of a row is at least {@code 1/M}, so {@code log max_k p_ik} is exact and {@code lse}
 * needs only two row maxima; a loss whose target is the diagonal needs not even those while no {@code p_ii} has
 * underflowed.
 */
public final class RowSoftmax {
    /** {@code [B,M]} the logits. */
    public final INDArray logits;
    /** {@code [B,M]} the row-wise softmax of {@link #logits}, a new array. */
    public final INDArray softmax;

    private RowSoftmax(INDArray logits, INDArray softmax) {
        this.logits = logits;
        this.softmax = softmax;
    }

    /** The row-wise softmax of {@code x} (x itself is left as it is). */
    public static RowSoftmax of(INDArray x) {
        INDArray p = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
        if (viaOneDnn(x)) {
            long[] one = {1, x.rows(), x.columns()};
            Nd4j.exec(new SoftMax(x.reshape(one), p.reshape(one), 2));
        } else {
            Nd4j.exec(new SoftMax(x, p, 1));
        }
        return new RowSoftmax(x, p);
    }

    /** Whether libnd4j will run oneDNN's softmax on {@code x} seen as {@code [1,B,M]} (FLOAT, a view of x itself). */
    public static boolean viaOneDnn(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x)
                && OneDnnNatives.inUse();
    }

    /** {@code [B,1]} {@code log Σ_k exp(x_ik)}, from the rows' largest logit and largest probability. */
    public INDArray logSumExp() {
        return logits.max(true, 1).subi(Transforms.log(softmax.max(true, 1), false));
    }

    /**
     * {@code [B,1]} {@code −log p_ii}, the cross-entropy of each row against its diagonal entry ({@code B <= M}): read
     * off the softmax's diagonal while every {@code p_ii} is a normal number of the data type (then exact to its
     * precision), else {@code lse_i − x_ii} for all rows (a row whose own logit lies far below its largest: its
     * {@code p_ii} has underflowed, the loss is large and still finite).
     */
    public INDArray diagonalCrossEntropy() {
        INDArray own = ClassLabels.diagonal(softmax);
        if (own.minNumber().doubleValue() >= Precision.smallestNormal(own.dataType())) {
            return Transforms.log(own, false).negi();
        }
        return logSumExp().subi(ClassLabels.diagonal(logits));
    }
}
