package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.Rows;
import io.github.dl4jlosses.ops.VectorRows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Row-wise log-sum-exp over the entries a 0/1 mask keeps, and its gradient (the masked softmax),
 * shared by multi-similarity, circle, SupCon and lifted structure (a matrix with every entry kept: {@link RowSoftmax}):
 * <pre>
 *   lse_i = log( [addOne] + Σ_j mask_ij · exp(x_ij) )
 *   ∂lse_i/∂x_ij = mask_ij · exp(x_ij − lse_i)
 * </pre>
 * With {@code addOne} the sum carries an extra {@code exp(0) = 1} term (as pytorch-metric-learning's
 * {@code logsumexp(..., add_one=True)}). A row whose mask keeps nothing gets {@code lse = 0} and a zero
 * softmax. The row maximum is subtracted before exponentiating and masked-out entries are pushed far below it
 * (their exponentials are 0), so nothing overflows and nothing is NaN; {@link #ofBounded} skips that shift where the logits are known
 * to be small.
 */
public final class MaskedSoftmax {
    /** {@code [B,1]} log-sum-exp per row. */
    public final INDArray logSumExp;
    /** {@code [B,B']} gradient of {@code logSumExp} with respect to {@code x}. */
    public final INDArray softmax;
    /** {@code [B,1]} 1 where the row's mask keeps an entry, else 0. */
    public final INDArray found;

    private MaskedSoftmax(INDArray logSumExp, INDArray softmax, INDArray found) {
        this.logSumExp = logSumExp;
        this.softmax = softmax;
        this.found = found;
    }

    /** Log-sum-exp and softmax of each row of {@code x} over the entries where {@code mask} is 1, with an extra 0 logit when {@code addOne}. */
    public static MaskedSoftmax of(INDArray x, INDArray mask, boolean addOne) {
        return of(x, mask, addOne, Double.NaN);
    }

    /**
     * {@link #of(INDArray, INDArray, boolean)} for logits known to lie within {@code ±bound} (NaN: not known), which
     * saves the pass over {@code x} that finds their absolute maximum (a larger bound than the true one is as right).
     */
    public static MaskedSoftmax of(INDArray x, INDArray mask, boolean addOne, double bound) {
        if (onHost(x, mask)) {
            return onHost(x, mask, 0, 1, addOne);
        }
        Selection.Extreme top = Selection.extreme(x, mask, true, bound);
        INDArray rowMax = addOne ? Transforms.max(top.value, 0.0, true) : top.value; // includes the extra 0 term
        // The shifted matrix equals x where kept and lies below the row maximum elsewhere, so (shifted − max) ≤ 0
        // everywhere (nothing overflows); masked-out entries exponentiate to exactly 0 in FLOAT and DOUBLE, and are
        // zeroed after exp in the half types.
        INDArray e = Transforms.exp(Broadcast.subColumn(top.shifted, rowMax), false);
        if (!top.outsideUnderflows) {
            e.muli(mask);
        }
        INDArray sum = Rows.sums(e);
        if (addOne) {
            sum.addi(Transforms.exp(rowMax.neg(), false));
        } else {
            sum.addi(top.found.rsub(1.0)); // an empty row sums to 1: log 1 = 0
        }
        INDArray lse = Transforms.log(sum, true).addi(rowMax);
        return new MaskedSoftmax(lse, Broadcast.diviColumn(e, sum), top.found);
    }

    /**
     * Largest upper bound on the logits for which {@link #ofBounded} exponentiates without a shift: {@code e^60} times
     * any batch width stays far below FLOAT's largest number.
     */
    public static final double UNSHIFTED_LIMIT = 60;

    /**
     * {@link #of} with {@code addOne}, for logits known to satisfy {@code x_ij <= upper} (e.g. a scaled cosine
     * similarity): where {@code upper <= }{@link #UNSHIFTED_LIMIT} and the type is FLOAT or DOUBLE, {@code exp(x)} is
     * summed as it is — {@code lse = log(1 + Σ mask·e^x)}, the softmax {@code mask·e^x / (1 + Σ)} — without the row
     * maximum, its offset matrix and the shift (five passes over {@code [B,M]} fewer); otherwise {@link #of}. Very
     * negative logits only underflow, as in {@link #of}, whose shift is 0 for a row whose logits are all negative (the
     * extra 0 logit is then the maximum). A row whose mask keeps nothing gets {@code lse = 0} either way.
     */
    public static MaskedSoftmax ofBounded(INDArray x, INDArray mask, double upper) {
        if (onHost(x, mask)) {
            return onHost(x, mask, 0, 1, true);
        }
        DataType type = x.dataType();
        if (!(upper <= UNSHIFTED_LIMIT) || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
            return of(x, mask, true);
        }
        return unshifted(Transforms.exp(x, true).muli(mask), mask);
    }

    /**
     * {@link #ofBounded} of {@code scale·(x + shift)}: on the host ({@link VectorRows}) the shift and the scale are
     * taken in the kernel's one pass, else in two passes of their own first.
     */
    public static MaskedSoftmax ofBounded(INDArray x, double shift, double scale, INDArray mask, double upper) {
        if (onHost(x, mask)) {
            return onHost(x, mask, shift, scale, true);
        }
        return ofBounded(x.add(shift).muli(scale), mask, upper);
    }

    /**
     * {@link #ofBounded} of {@code a·u} over {@code maskA} and of {@code b·u} over {@code maskB}, with
     * {@code u = x + shift}, for two masks that
     * keep no entry in common (an anchor's positives and negatives) and logits bounded above by {@code upperA} and
     * {@code upperB}: where both skip the shift, one exponential of {@code u ⊙ (a·maskA + b·maskB)} serves both, each
     * keeping its own entries of it (one {@code exp} over {@code [B,M]} fewer, ~0.5 ms at {@code [512,512]} FLOAT);
     * otherwise the two on their own.
     *
     * @return the softmax over {@code maskA}, then the one over {@code maskB}
     */
    public static MaskedSoftmax[] ofBoundedDisjoint(INDArray x, double shift, INDArray maskA, double a, double upperA,
                                                    INDArray maskB, double b, double upperB) {
        if (onHost(x, maskA) && onHost(x, maskB)) {                         // one pass each, nothing to share
            return new MaskedSoftmax[]{onHost(x, maskA, shift, a, true), onHost(x, maskB, shift, b, true)};
        }
        INDArray u = x.add(shift);
        DataType type = u.dataType();
        boolean oneExp = upperA <= UNSHIFTED_LIMIT && upperB <= UNSHIFTED_LIMIT
                && (type == DataType.FLOAT || type == DataType.DOUBLE)
                && maskA.dataType() == type && maskB.dataType() == type;
        if (!oneExp) {
            return new MaskedSoftmax[]{ofBounded(u.mul(a), maskA, upperA), ofBounded(u.mul(b), maskB, upperB)};
        }
        INDArray weights = maskA.mul(a);
        Nd4j.exec(new Axpy(maskB, weights, weights, b));                   // a·maskA + b·maskB: the masks are disjoint
        INDArray e = Transforms.exp(weights.muli(u), false);
        INDArray eB = e.mul(maskB);
        return new MaskedSoftmax[]{unshifted(e.muli(maskA), maskA), unshifted(eB, maskB)};
    }

    /**
     * Whether {@link VectorRows#maskedSoftmax} takes {@code x} and {@code mask}: FLOAT matrices of one shape on the host
     * with the host passes on (the vector kernel, or plain loops without the module). It reads each row once and
     * vectorises {@code exp}, where libnd4j's generic natives take five to nine passes (offset, shift, scalar
     * {@code exp}, mask, row sums, division).
     */
    private static boolean onHost(INDArray x, INDArray mask) {
        return VectorRows.acceptsOnHost(x, mask);
    }

    /** The softmax of {@code scale·(x + shift)} over {@code mask} by {@link VectorRows#maskedSoftmax}. */
    private static MaskedSoftmax onHost(INDArray x, INDArray mask, double shift, double scale, boolean addOne) {
        INDArray softmax = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        VectorRows.MaskedRows rows = VectorRows.maskedSoftmax(x, mask, (float) scale, (float) shift, addOne, softmax);
        float[] found = new float[rows.kept.length];
        for (int i = 0; i < found.length; i++) {
            found[i] = rows.kept[i] > 0 ? 1f : 0f;
        }
        return new MaskedSoftmax(HostValues.column(rows.logSumExp), softmax, HostValues.column(found));
    }

    /**
     * From the masked exponentials {@code e} of logits that needed no shift: {@code lse = log(1 + Σ e)} and the softmax
     * {@code e / (1 + Σ e)}.
     */
    private static MaskedSoftmax unshifted(INDArray e, INDArray mask) {
        INDArray sum = Rows.sums(e).addi(1.0);
        return new MaskedSoftmax(Transforms.log(sum, true), Broadcast.diviColumn(e, sum), Selection.rowHasAny(mask));
    }

    /** {@code [B,1]}: the largest entry of each row of {@code x} where the 0/1 {@code mask} is 1 (every entry when null; 0 for a row that keeps none). */
    public static INDArray rowMax(INDArray x, INDArray mask) {
        return mask == null ? x.max(true, 1) : Selection.extreme(x, mask, true).value;
    }
}
