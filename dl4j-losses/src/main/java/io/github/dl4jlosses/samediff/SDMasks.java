package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.ops.Precision;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.custom.BitCast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Masked selections and reductions over {@code [B,B]} matrices as SameDiff graphs, for the in-batch and
 * mined losses. Masks are 0/1 variables in the matrix's data type; they are constants for autodiff (built
 * from labels and comparisons), so gradients flow only to the entries a selection picks.
 * <p>
 * Masked-out entries are pushed out of a min/max by adding {@code ±}(a little more than {@code 2·max|M| + 1}) (a
 * data-dependent, finite offset: kept entries keep their exact value, no infinity is ever formed, and the offset is no
 * part of the gradient graph); masked-out entries of a log-sum-exp are shifted down by a caller-given
 * constant that exceeds the spread of the kept entries by ≥ 800, so their exponentials are exactly 0 in
 * every floating-point type, or, for logits within a narrow known range, multiplied by 0 after one constant shift.
 */
final class SDMasks {
    private SDMasks() {
    }

    /**
     * {@code S_ij = 1} where rows i and j have the same class, for class ids {@code [B,1]} or one-hot rows {@code [B,C]}:
     * the labels times the column {@code (1, 2, …, C)} are the ids themselves, or each one-hot row's position + 1, so
     * one broadcast comparison of a {@code [B,1]} and a {@code [1,B]} column makes the mask (in DOUBLE, exact for ids
     * below 2^53). Comparing the label rows entry by entry took a {@code [B,B,C]} difference, its absolute value, a
     * sum and a comparison: 0.6–0.8 ms of N-pair's and InfoNCE's twins at B = 512.
     */
    static SDVariable sameClass(SameDiff sd, SDVariable labels, DataType type) {
        SDVariable l = labels.castTo(DataType.DOUBLE);
        SDVariable ids = sd.mmul(l, sd.cumsum(onesColumn(sd, l, 1), false, false, 0));         // [B,1]
        return ids.eq(sd.transpose(ids)).castTo(type);
    }

    /**
     * A column of ones {@code [n,1]} in {@code m}'s data type, n the size of {@code m}'s {@code axis}: made from the
     * shape alone, so no gradient path leads back to {@code m} through it.
     */
    static SDVariable onesColumn(SameDiff sd, SDVariable m, int axis) {
        SDVariable shape = sd.concat(0, sd.reshape(sd.sizeAt(m, axis), 1),
                sd.constant(Nd4j.createFromArray(1L)));
        return sd.fill(shape, m.dataType(), 1.0);
    }

    /**
     * {@code x}'s values as a constant for autodiff: its bits go through an integer variable of the same width and
     * back, exact for every value, and SameDiff differentiates nothing behind an integer variable. (A
     * {@code StopGradient} would still run the backprop of what made {@code x}, with zeros: for a row maximum a
     * whole-matrix {@code reduce_max_bp}, 0.7 ms of N-pair's twin at B = 512.)
     */
    static SDVariable withoutGradient(SameDiff sd, SDVariable x) {
        return fromBits(sd, bitsOf(sd, x), x.dataType());
    }

    /** {@code x}'s bits as an integer variable of the same width, behind which SameDiff differentiates nothing. */
    static SDVariable bitsOf(SameDiff sd, SDVariable x) {
        return bitCast(sd, x, sameWidthInteger(x.dataType()));
    }

    /** The numbers of {@code type} whose bits {@code bits} ({@link #bitsOf}) holds. */
    static SDVariable fromBits(SameDiff sd, SDVariable bits, DataType type) {
        return bitCast(sd, bits, type);
    }

    private static SDVariable bitCast(SameDiff sd, SDVariable x, DataType to) {
        BitCast op = new BitCast(sd, x, sd.constant(Nd4j.scalar(to.toInt())));
        op.addIArgument(to.toInt());      // what the op's output type is read from
        return op.outputVariable();
    }

    private static DataType sameWidthInteger(DataType type) {
        switch (type.width()) {
            case 2:
                return DataType.INT16;
            case 4:
                return DataType.INT32;
            case 8:
                return DataType.INT64;
            default:
                throw new IllegalArgumentException("SDMasks: expected a floating-point type of 2, 4 or 8 bytes, got " + type);
        }
    }

    /**
     * {@code Σ_j m_ij} ({@code [B,1]}) of a pair matrix {@code [B,M]} whose M references include the B queries (M ≥ B):
     * one reduction. ND4J 1.0.0-M2.1's SameDiff cannot differentiate a reduction over an axis of length 1 in a matrix
     * of more than one row (a NullPointerException), which such a matrix never is. {@link SDDistance#rowSums}, for any
     * width, multiplies by a column of ones: four more shape ops, and a backprop that also multiplies the matrix by
     * the gradient for the ones' sake (0.2 ms against 0.06–0.1 ms for {@code reduce_sum_bp} at [512,512]).
     */
    static SDVariable pairRowSums(SDVariable m) {
        return m.sum(true, 1);
    }

    /** Identity {@code [B,B]} for the rows of {@code x [B,·]}, in {@code x}'s data type. */
    static SDVariable eye(SameDiff sd, SDVariable x) {
        return sd.math().diag(sd.zerosLike(x.sum(false, 1)).add(1.0));
    }

    /** The number of rows of {@code x}, as a scalar of {@code x}'s data type. */
    static SDVariable rows(SameDiff sd, SDVariable x) {
        return sd.zerosLike(x).add(1.0).sum();
    }

    /** 1 where the row of {@code mask} has any entry, else 0: {@code [B,1]}. */
    static SDVariable any(SDVariable mask) {
        return mask.sum(true, 1).gt(0.0).castTo(mask.dataType());
    }

    /**
     * {@code e^(⌈8·ln s⌉/8 + 1/64)} with {@code s = 2·max|M| + 1}, i.e. 1.016–1.15 times s, through an integer exponent:
     * its gradient is 0 (it reaches only entries a selection does not pick, or rows that pick nothing, which the losses
     * weight by 0), and SameDiff differentiates no op on the far side of an integer variable, where it would
     * back-propagate the zero through a whole-matrix {@code reduce_max_bp} and {@code abs} (two of the batch-hard twin's
     * three {@code reduce_max_bp}; a {@code StopGradient} still runs them, with zeros). s is capped at the type's
     * largest number so that the exponent stays an integer; an offset beyond it is infinite, as {@code 2·max|M| + 1}
     * was.
     */
    static SDVariable offset(SameDiff sd, SDVariable m) {
        SDVariable spread = sd.scalarMin(sd.math().abs(m).max().mul(2.0).add(1.0), Precision.largest(m.dataType()));
        SDVariable eighths = sd.math().ceil(sd.math().log(spread).mul(8.0)).castTo(DataType.INT32);
        return sd.math().exp(eighths.castTo(m.dataType()).div(8.0).add(1.0 / 64));
    }

    /**
     * The offset for a matrix known to hold {@code |M_ij| ≤ bound} (cosine similarities: 1, up to rounding): the constant
     * {@code 2·bound + 1}, no pass over the matrix. A selection computing several extremes of one matrix takes
     * {@link #offset(SameDiff, SDVariable)} once and passes it to each, rather than one pass over the matrix each.
     */
    static SDVariable offset(SameDiff sd, SDVariable m, double bound) {
        return sd.constant(Nd4j.scalar(m.dataType(), 2 * bound + 1));
    }

    /**
     * Row-wise {@code max_j M_ij} over {@code mask_ij = 1} ({@code [B,1]}; meaningless where the row is empty), masked-out
     * entries pushed aside by {@code offset} ({@link #offset(SameDiff, SDVariable)} or a bound's constant).
     */
    static SDVariable max(SameDiff sd, SDVariable m, SDVariable mask, SDVariable offset) {
        return outBelow(m, mask, offset).max(true, 1);
    }

    /** Row-wise index of {@code max_j M_ij} over {@code mask_ij = 1}, as {@link #argMin}. */
    static SDVariable argMax(SameDiff sd, SDVariable m, SDVariable mask, SDVariable offset) {
        return sd.argmax(outBelow(m, mask, offset), 1);
    }

    /** {@code M} with its masked-out entries pushed below every kept one (the offset takes no gradient). */
    private static SDVariable outBelow(SDVariable m, SDVariable mask, SDVariable offset) {
        return ShiftedBy.of(m.getSameDiff(), m, mask.rsub(1.0).mul(offset));
    }

    /** Row-wise {@code min_j M_ij} over {@code mask_ij = 1}, as {@link #max}. */
    static SDVariable min(SameDiff sd, SDVariable m, SDVariable mask, SDVariable offset) {
        return outAbove(m, mask, offset).min(true, 1);
    }

    /**
     * Row-wise index of {@code min_j M_ij} over {@code mask_ij = 1} ({@code [B]}, INT64; the first of equal entries;
     * meaningless where the row is empty), with a given {@linkplain #offset offset}. An integer: SameDiff differentiates
     * nothing behind it.
     */
    static SDVariable argMin(SameDiff sd, SDVariable m, SDVariable mask, SDVariable offset) {
        return sd.argmin(outAbove(m, mask, offset), 1);
    }

    /** Row-wise index of {@code min_j M_ij} over {@code mask_ij = 1}, as {@link #argMin(SameDiff, SDVariable, SDVariable, SDVariable)}. */
    static SDVariable argMin(SameDiff sd, SDVariable m, SDVariable mask) {
        return argMin(sd, m, mask, offset(sd, m));
    }

    /** {@code M} with its masked-out entries pushed above every kept one: {@code M − (mask − 1)·offset}. */
    private static SDVariable outAbove(SDVariable m, SDVariable mask, SDVariable offset) {
        return ShiftedBy.of(m.getSameDiff(), m, mask.sub(1.0).mul(offset));
    }

    /**
     * Row-wise {@code log(Σ_j mask_ij exp(x_ij))} ({@code [B,1]}), or with {@code addOne}
     * {@code log(1 + Σ_j mask_ij exp(x_ij))}. {@code shift} must exceed {@code max x − min x} over the kept
     * entries by ≥ 800. A row that keeps nothing gives a meaningless value without {@code addOne} (callers
     * mask such rows) and exactly 0 with it.
     */
    static SDVariable logSumExp(SameDiff sd, SDVariable x, SDVariable mask, double shift, boolean addOne) {
        return shiftedLogSumExp(sd, ShiftedBy.of(sd, x, mask.rsub(1.0).mul(shift)), addOne);
    }

    /**
     * The widest range of logits (with 0 among them for {@code addOne}) that {@link #logSumExp(SameDiff, SDVariable,
     * SDVariable, double, double, boolean)} takes with one constant shift: every exponent then lies in [−80, 60], so no
     * {@code exp} underflows FLOAT's normal numbers (glibc's slow path, see {@link #EXP_FLOOR}) and a row sum stays below
     * FLOAT's largest number up to 3·10^12 entries.
     */
    static final double CONSTANT_SHIFT_RANGE = 140;
    /** The largest exponent a constant shift allows. */
    static final double CONSTANT_SHIFT_TOP = 60;

    /**
     * Row-wise {@code log(Σ_j mask_ij exp(x_ij))} ({@code [B,1]}), or with {@code addOne}
     * {@code log(1 + Σ_j mask_ij exp(x_ij))}, for logits known to lie within {@code [lo, hi]} (cosine similarities
     * times constants, say). Where that range (with 0 in it for {@code addOne}) spans at most
     * {@link #CONSTANT_SHIFT_RANGE} and the type is FLOAT or DOUBLE, one constant c (0 where the range allows, as for
     * the losses' defaults) is subtracted from every logit and the mask multiplies the exponentials:
     * {@code c + log(Σ_j mask_ij e^(x_ij − c))}. No row maximum, no masked-out
     * entry shifted far down (whose gradients, the maximum's and the shift's, SameDiff would compute as
     * {@code [B,M]} passes). A row that keeps nothing gives a finite, meaningless value without {@code addOne}
     * (callers mask such rows) and exactly 0 with it. Otherwise: {@link #logSumExp(SameDiff, SDVariable, SDVariable,
     * double, boolean)} with a shift of the range plus 800.
     */
    static SDVariable logSumExp(SameDiff sd, SDVariable x, SDVariable mask, double lo, double hi, boolean addOne) {
        double top = addOne ? Math.max(hi, 0) : hi;
        double bottom = addOne ? Math.min(lo, 0) : lo;
        DataType type = x.dataType();
        if (top - bottom > CONSTANT_SHIFT_RANGE || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
            return logSumExp(sd, x, mask, hi - lo + 800, addOne);
        }
        // Any c in [top − 60, bottom + 80] keeps every exponent in [−80, 60]; the one nearest 0 (0 itself for the
        // losses' defaults) rounds least: the result is c + log(sum), and a large |c| would cost its own rounding,
        // ~4e-6 at |c| = 57 in FLOAT, which a small loss would see.
        double c = Math.min(Math.max(0, top - CONSTANT_SHIFT_TOP), bottom + (CONSTANT_SHIFT_RANGE - CONSTANT_SHIFT_TOP));
        SDVariable exponentials = sd.math().exp(c == 0 ? x : x.sub(c)).mul(mask);
        SDVariable sum = pairRowSums(exponentials);
        // with addOne the row sum is at least e^−c ≥ e^−80; without it an empty row's 0 is raised to the smallest
        // normal number (no kept entry's e^(x − c) ≥ e^−80 is that small), so its logarithm stays finite
        sum = addOne ? sum.add(Math.exp(-c)) : sd.scalarMax(sum, Precision.smallestNormal(type));
        SDVariable lse = sd.math().log(sum);
        // the masked-out entries' exponentials are exactly 0, and so are their gradients
        return RowLogSumExp.of(sd, x, exponentials, sum, c == 0 ? lse : lse.add(c));
    }

    /**
     * {@link #logSumExp(SameDiff, SDVariable, SDVariable, double, boolean)} with a shift computed in the graph
     * (a scalar), for entries without a known bound. The shift reaches only masked-out entries, whose exponentials
     * are exactly 0, so it is taken {@linkplain #withoutGradient without a gradient}: back-propagating that 0 through
     * the data it was computed from ran a whole-matrix {@code reduce_max_bp}, 1 ms of the lifted structure twin at
     * [512,128].
     */
    static SDVariable logSumExp(SameDiff sd, SDVariable x, SDVariable mask, SDVariable shift, boolean addOne) {
        return shiftedLogSumExp(sd, ShiftedBy.of(sd, x, mask.rsub(1.0).mul(withoutGradient(sd, shift))), addOne);
    }

    /**
     * Where {@link #shiftedLogSumExp} floors {@code t − max}: {@code e^−80} is a normal number in FLOAT, so no
     * exponential takes glibc's slow path for results under FLOAT's smallest normal number (the masked-out entries,
     * shifted ~800 below, are most of a positives' mask: 8% of the multi-similarity twin's time at [512,128]). A row's
     * sum is at least 1 (its largest entry, or the extra 0 logit), so M floored entries add at most
     * {@code M·e^−80 ≈ M·2e−35} to it, far under FLOAT's and DOUBLE's rounding of 1.
     */
    static final double EXP_FLOOR = -80;

    /** Row-wise log-sum-exp of {@code t}, whose masked-out entries (if any) are already shifted out of reach. */
    static SDVariable shiftedLogSumExp(SameDiff sd, SDVariable t, boolean addOne) {
        // The gradient is RowLogSumExp's: none of these ops is back-propagated, so the row maximum needs no detaching.
        SDVariable top = t.max(true, 1);
        if (addOne) {
            top = sd.scalarMax(top, 0.0);
        }
        SDVariable exponentials = sd.math().exp(sd.scalarMax(ShiftedBy.of(sd, t, top), EXP_FLOOR));
        SDVariable sum = pairRowSums(exponentials);
        if (addOne) {
            sum = sum.add(sd.math().exp(top.neg()));
        }
        // a floored entry's gradient is e^−80 / sum (at most 2e−35) times the incoming one, where it was 0
        return RowLogSumExp.of(sd, t, exponentials, sum, sd.math().log(sum).add(top));
    }
}
