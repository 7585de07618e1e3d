package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.VectorRows;
import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.OneDnnNatives;
import io.github.dl4jlosses.ops.Precision;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.stream.IntStream;

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
 * costs (0.86 against 0.69 ms), so there the matrix stays a matrix. A FLOAT matrix goes to {@link VectorRows} before
 * either: on the JDK's Vector API ({@code --add-modules jdk.incubator.vector}, Java 17+, x86-64) 0.38 against
 * 1.9–4.4 ms for {@code [1024,1024]}, 0.13–0.20 against 0.59–0.91 ms for {@code [512,512]} (2 threads, AVX-512); as
 * plain loops without the module 0.41–0.59 ms against libnd4j's op's 0.74–3.6 ms for {@code [512,512]} (session 37).
 * <p>
 * The largest probability of a row is at least {@code 1/M}, so {@code log max_k p_ik} is exact and {@code lse}
 * needs only two row maxima; a loss whose target is the diagonal needs them only for the rows whose {@code p_ii} has
 * underflowed.
 * <p>
 * Logits whose rows span more than FLOAT's exponent range ({@link #ofUnbounded}, N-pair's raw dot products) cost
 * the generic natives twice the time: every {@code exp(x − max)} below {@code e^−87} takes glibc's slow path for a
 * result under the smallest normal number (a {@code [1024,1024]} matrix of N(0, 22.6²) logits, N-pair's at
 * 1024×512: 4.8 ms, 28% of the entries there, against 2.0 ms for logits of a narrow range; 2 threads).
 */
public final class RowSoftmax {
    /** {@code [B,M]} the logits. */
    public final INDArray logits;
    /** {@code [B,M]} the row-wise softmax of {@link #logits}, a new array. */
    public final INDArray softmax;
    /**
     * {@code [B,1]} how far each row's diagonal logit was raised before the softmax ({@link #ofUnbounded}:
     * {@code max(r_i − x_ii, 0)} for the floor {@code r_i}), or null where nothing was raised.
     */
    private final INDArray diagonalRaisedBy;
    /** Each row's log-sum-exp where the softmax was taken on the host ({@link VectorRows}), else null. */
    private final float[] hostLogSumExp;

    private RowSoftmax(INDArray logits, INDArray softmax, INDArray diagonalRaisedBy, float[] hostLogSumExp) {
        this.logits = logits;
        this.softmax = softmax;
        this.diagonalRaisedBy = diagonalRaisedBy;
        this.hostLogSumExp = hostLogSumExp;
    }

    /** The row-wise softmax of {@code x} (x itself is left as it is). */
    public static RowSoftmax of(INDArray x) {
        INDArray p = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
        if (VectorRows.acceptsOnHost(x)) {
            return new RowSoftmax(x, p, null, VectorRows.softmax(x, p));
        } else if (viaOneDnn(x)) {
            long[] one = {1, x.rows(), x.columns()};
            Nd4j.exec(new SoftMax(x.reshape(one), p.reshape(one), 2));
        } else {
            Nd4j.exec(new SoftMax(x, p, 1));
        }
        return new RowSoftmax(x, p, null, null);
    }

    /** How far below its row's (sampled) largest logit an entry is raised by {@link #ofUnbounded}. */
    static final double RAISED_GAP = 50;
    /** How many leading columns {@link #ofUnbounded} takes each row's largest logit from. */
    static final int SAMPLED_COLUMNS = 64;
    /** How many leading rows (of the sampled columns) {@link #ofUnbounded} reads to decide whether to raise. */
    static final int PROBED_ROWS = 16;
    /** Logits of larger magnitude are left as they are: there a gap of 50 is below FLOAT's resolution. */
    static final double LARGEST_RAISED = 1e6;
    /** {@code −ln} of FLOAT's smallest normal number: {@code exp(−87.3)} is the smallest normal exponential. */
    private static final double FLOAT_EXP_RANGE = -Math.log(Float.MIN_NORMAL);
    /** The share of probed entries under FLOAT's exponent range from which raising pays (1 in 25). */
    private static final int RAISE_FROM_ONE_IN = 25;

    /**
     * The row-wise softmax of logits whose rows may span more than FLOAT's exponent range, for a square or wide
     * {@code [B,M]} ({@code B <= M}) matrix. Where the softmax would take many exponentials under FLOAT's smallest
     * normal number, each FLOAT logit more than 50 below {@code L_i = max(x_ii, max_{j<64} x_ij)} is raised to
     * {@code L_i − 50} first (one broadcasting {@code maximum}; the leading 64 columns, a strided view, stand in for
     * the row: 0.07 against 0.64 ms for the whole {@code [1024,1024]} row maximum). No exponential then falls under
     * the smallest normal number while the row's largest lies within ~37 of {@code L_i}, and nothing changes that
     * FLOAT can see: {@code L_i} is at most the row's largest, so a raised entry's probability is at most
     * {@code e^−50} (it was below that already) and a row's sum moves by at most {@code M·e^−50}, far under FLOAT's
     * rounding of 1. {@link #logits} are left as they were, and {@link #diagonalCrossEntropy} adds back what a raised
     * diagonal entry was raised by.
     * <p>
     * Raising costs ~0.2 ms of small ops and saves ~8 ns for each exponential it keeps in range, so it runs only where
     * at least 1 in 25 of the entries of a fixed {@code 16×64} corner (read on the host from the matrix's buffer) lies more than
     * 87.3 below its row's largest there. Other data types, the host and oneDNN routes (vectorised, no slow path for
     * such results), non-contiguous or tall matrices and logits beyond ±10⁶ take {@link #of}.
     */
    public static RowSoftmax ofUnbounded(INDArray x) {
        long b = x.rows();
        long m = x.columns();
        if (x.dataType() != DataType.FLOAT || b > m || VectorRows.acceptsOnHost(x) || viaOneDnn(x) || x.ordering() != 'c'
                || !Shape.hasDefaultStridesForShape(x)) {
            return of(x);
        }
        if (!manyUnderflow(HostValues.leadingBlock(x, PROBED_ROWS, SAMPLED_COLUMNS), (int) Math.min(m, SAMPLED_COLUMNS))) {
            return of(x);
        }
        INDArray sampled = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, Math.min(m, SAMPLED_COLUMNS)));
        INDArray largest = sampled.max(true, 1);
        INDArray own = ClassLabels.diagonal(x);
        Nd4j.exec(new Max(largest, own, largest));
        if (largest.amaxNumber().doubleValue() > LARGEST_RAISED) {
            return of(x);
        }
        INDArray floor = largest.subi(RAISED_GAP);
        INDArray p = Nd4j.exec(new Max(x, floor, Nd4j.createUninitialized(x.dataType(), b, m)))[0];
        Nd4j.exec(new SoftMax(p, p, 1));
        return new RowSoftmax(x, p, Transforms.relu(floor.sub(own), false), null);
    }

    /**
     * Whether at least 1 in 25 entries of {@code corner} (the leading 16 rows and {@code columns} (at most 64) columns
     * of a FLOAT matrix, row-major) lie more than 87.3 below the largest of their row there. A constant-size probe
     * read on the host (from the matrix's buffer, {@link HostValues#leadingBlock}) and 1,024 comparisons, where the
     * same test in ND4J ops over every row took 0.27 ms at 512×512.
     */
    private static boolean manyUnderflow(float[] corner, int columns) {
        int rows = corner.length / columns;
        int under = 0;
        for (int r = 0; r < rows; r++) {
            float largest = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < columns; c++) {
                largest = Math.max(largest, corner[r * columns + c]);
            }
            for (int c = 0; c < columns; c++) {
                under += corner[r * columns + c] < largest - FLOAT_EXP_RANGE ? 1 : 0;
            }
        }
        return (long) under * RAISE_FROM_ONE_IN >= corner.length;
    }

    /** Whether libnd4j will run oneDNN's softmax on {@code x} seen as {@code [1,B,M]} (FLOAT, a view of x itself). */
    public static boolean viaOneDnn(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x)
                && OneDnnNatives.inUse();
    }

    /** {@code [B,1]} {@code log Σ_k exp(x_ik)}, from the rows' largest logit and largest probability. */
    public INDArray logSumExp() {
        if (hostLogSumExp != null) {                        // from the host's pass: no row maxima over [B,M]
            return HostValues.column(hostLogSumExp);
        }
        return logSumExp(logits, softmax);
    }

    /** {@code [R,1]} {@code max_k x_ik − log max_k p_ik}: the log-sum-exp of each row of x, p its softmax. */
    private static INDArray logSumExp(INDArray x, INDArray p) {
        return x.max(true, 1).subi(Transforms.log(p.max(true, 1), false));
    }

    /**
     * Rows whose diagonal probability underflowed, beyond which {@link #diagonalCrossEntropy} takes the log-sum-exp of
     * every row (two row maxima over {@code [B,M]}) instead of gathering those rows: one in this many rows.
     */
    private static final int GATHER_UP_TO_ONE_IN = 4;

    /**
     * {@code [B,1]} {@code −log p_ii}, the cross-entropy of each row against its diagonal entry ({@code B <= M}): read
     * off the softmax's diagonal where {@code p_ii} is a normal number of the data type (then exact to its precision),
     * plus {@code max(r_i − x_ii, 0)} where {@link #ofUnbounded} raised the logits to {@code r_i} (the softmax's
     * {@code p_ii} is then that of {@code r_i}: {@code −log p_ii = lse_i − r_i}); {@code lse_i − x_ii} for a row whose
     * own logit lies so far below its largest that its {@code p_ii} underflowed (the loss is large and still finite).
     * The diagonal is read on the host (B values) to find those rows; while they are few, only they are gathered for
     * their log-sum-exp (N-pair on N(0,1) pairs at 1024×512: 44 of 1024 rows; the cross-entropy 0.6 against 1.4 ms).
     */
    public INDArray diagonalCrossEntropy() {
        DataType type = softmax.dataType();
        // FLOAT and DOUBLE on the CPU: the diagonal is read from the softmax's buffer and −log p_ii taken on the host
        // (B values; no copy of the diagonal, no log and negation ops); elsewhere by ND4J ops on a copy of it.
        boolean onHost = (type == DataType.FLOAT || type == DataType.DOUBLE) && HostValues.wholeBufferOnHost(softmax);
        INDArray own = onHost ? null : ClassLabels.diagonal(softmax);
        double[] p = onHost ? HostValues.diagonal(softmax) : HostValues.doubles(own);
        int[] underflowed = rowsBelow(p, Precision.smallestNormal(type));
        if ((long) underflowed.length * GATHER_UP_TO_ONE_IN > p.length) {
            return logSumExp().subi(ClassLabels.diagonal(logits));
        }
        INDArray crossEntropy = onHost ? HostValues.column(minusLogPlusRaised(p), type) : Transforms.log(own, false).negi();
        if (!onHost && diagonalRaisedBy != null) {
            crossEntropy.addi(diagonalRaisedBy);
        }
        if (underflowed.length == 0) {
            return crossEntropy;
        }
        INDArray exact = logSumExp(Nd4j.pullRows(logits, 1, underflowed), Nd4j.pullRows(softmax, 1, underflowed))
                .subi(Nd4j.pullRows(ClassLabels.diagonal(logits), 1, underflowed));
        return Rows.scatterUpdate(crossEntropy, underflowed, exact);
    }

    /** {@code −log p_i} plus what the diagonal was raised by (see {@link #ofUnbounded}), in DOUBLE on the host. */
    private double[] minusLogPlusRaised(double[] p) {
        double[] raised = diagonalRaisedBy == null ? null : HostValues.doubles(diagonalRaisedBy);
        double[] ce = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            ce[i] = -Math.log(p[i]) + (raised == null ? 0 : raised[i]);
        }
        return ce;
    }

    /** The indices of the values under {@code bound}. */
    private static int[] rowsBelow(double[] values, double bound) {
        return IntStream.range(0, values.length).filter(i -> values[i] < bound).toArray();
    }
}
