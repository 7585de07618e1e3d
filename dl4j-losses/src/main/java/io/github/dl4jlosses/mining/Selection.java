package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.Entries;
import io.github.dl4jlosses.ops.Rows;
import io.github.dl4jlosses.ops.VectorRows;
import lombok.AccessLevel;
import lombok.AllArgsConstructor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.EqualTo;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Picking one entry per row (or per pair) of a {@code [B,B]} distance or similarity matrix under a
 * 0/1 mask — the hardest positive, the hardest negative — and routing a gradient back to the picked entries.
 * Shared by every mined loss ({@link SemiHardMiner} makes its per-pair choice with {@link #shiftedOutside} and
 * {@link #blockSize} from here).
 * <p>
 * Everything is vectorized. Where a choice has to be made for every anchor–positive pair
 * ({@link #scatter}; {@link SemiHardMiner}) the work runs over blocks of columns whose
 * {@code [B, block, B]} temporaries hold at most {@link #BLOCK_ELEMENTS} entries (or one column's
 * {@code B²}), each block in a {@link BlockWorkspace} that is rewound after it, so memory stays O(B²)
 * however large the batch.
 * <p>
 * Ties are broken towards the lowest index (one entry is picked, so the gradient is a valid
 * subgradient); rows whose mask is empty pick nothing: value 0, {@code found} 0.
 */
public final class Selection {
    private Selection() {
    }

    /** Upper bound on the entries of one block's {@code [B, block, B]} temporaries. */
    public static final long BLOCK_ELEMENTS = 1L << 21;

    /** One pick per row, or per (row, column) pair. */
    @AllArgsConstructor(access = AccessLevel.PACKAGE)
    public static final class Pick {
        /** The picked entry of the matrix ({@code 0} where nothing was found). */
        public final INDArray value;
        /** Column index of the picked entry, as a number ({@link #indexType} of the matrix's data type). */
        public final INDArray index;
        /** 1 where the mask allowed at least one entry, else 0. */
        public final INDArray found;
    }

    /** Per row: the largest entry of {@code m} where {@code mask} is 1. Results are {@code [B,1]}. */
    public static Pick max(INDArray m, INDArray mask) {
        return pick(m, mask, true);
    }

    /** Per row: the smallest entry of {@code m} where {@code mask} is 1. Results are {@code [B,1]}. */
    public static Pick min(INDArray m, INDArray mask) {
        return pick(m, mask, false);
    }

    /**
     * Per row: the smallest entry off the diagonal, i.e. {@link #min} with the mask {@code 1 − I}, for a c-ordered
     * contiguous {@code [B,M]} matrix with {@code M >= 2} and no NaN (every row then finds one: {@code found} is all
     * ones). Without a mask: the diagonal is overwritten with +∞ <b>in place</b> ({@code m}'s diagonal is lost), which
     * leaves one min and one argmin of {@link #min}'s mask passes, absolute maximum, min, argmin and comparison. Ties
     * go to the lowest index, as {@link #min}.
     */
    public static Pick minOffDiagonalInPlace(INDArray m) {
        ClassLabels.setDiagonal(m, Double.POSITIVE_INFINITY);
        if (VectorRows.acceptsOnHost(m)) {          // one pass per row on the host (see pickOnHost)
            float[] value = new float[(int) m.rows()];
            return hostPick(value, VectorRows.extremeColumns(m, false, value));
        }
        INDArray value = m.min(true, 1);
        INDArray index = Nd4j.argMin(m, 1).castTo(indexType(m.dataType())).reshape(m.rows(), 1);
        return new Pick(value, index, Nd4j.ones(m.dataType(), m.rows(), 1));
    }

    private static Pick pick(INDArray m, INDArray mask, boolean largest) {
        if (VectorRows.acceptsOnHost(m, mask)) {
            return pickOnHost(m, mask, largest);
        }
        Extreme e = extreme(m, mask, largest);
        INDArray index = (largest ? Nd4j.argMax(e.shifted, 1) : Nd4j.argMin(e.shifted, 1))
                .castTo(indexType(m.dataType())).reshape(m.rows(), 1);
        return new Pick(e.value, index, e.found);
    }

    /**
     * {@link #pick} in one pass per row on the host ({@link VectorRows#maskedExtremeColumns}), where libnd4j takes
     * about eight over the matrix (1 − mask, shift, extreme, comparison, cast, product, arg-extreme, cast): 29% of the
     * batch-hard loss at 512×128 (session 33).
     */
    private static Pick pickOnHost(INDArray m, INDArray mask, boolean largest) {
        float[] value = new float[(int) m.rows()];
        return hostPick(value, VectorRows.maskedExtremeColumns(m, mask, largest, value));
    }

    /**
     * The pick of each row from its extreme {@code value} and {@code column} as the host's kernels give them: a row
     * without one (column −1: everything masked out, or a NaN row) has value 0 and {@code found} 0.
     */
    private static Pick hostPick(float[] value, int[] column) {
        int rows = value.length;
        float[] index = new float[rows];
        float[] found = new float[rows];
        for (int r = 0; r < rows; r++) {
            if (column[r] < 0) {
                value[r] = 0f;
            } else {
                index[r] = column[r];
                found[r] = 1f;
            }
        }
        long[] shape = {rows, 1};
        return new Pick(Nd4j.create(value, shape, DataType.FLOAT), Nd4j.create(index, shape, DataType.FLOAT),
                Nd4j.create(found, shape, DataType.FLOAT));
    }

    /** A row-wise masked extreme without its index, and the shifted matrix it was taken from. */
    static final class Extreme {
        /** {@code [B,1]}: the extreme allowed entry, 0 where the row allows none. */
        final INDArray value;
        /** {@code [B,1]}: 1 where the row allows an entry, else 0. */
        final INDArray found;
        /**
         * {@code [B,M]}: the matrix with its allowed entries unchanged (exactly) and the others pushed beyond them (below
         * every allowed entry for a maximum, above for a minimum), by more than 1.
         */
        final INDArray shifted;
        /**
         * For a maximum: whether {@code exp(shifted − r)} is exactly 0 at every entry the mask leaves out, for r a
         * row's largest allowed entry or anything above it, or 0 in a row that allows none (FLOAT and DOUBLE, see
         * {@link #extreme}).
         */
        final boolean outsideUnderflows;

        Extreme(INDArray value, INDArray found, INDArray shifted, boolean outsideUnderflows) {
            this.value = value;
            this.found = found;
            this.shifted = shifted;
            this.outsideUnderflows = outsideUnderflows;
        }
    }

    /** Per row: the largest ({@code largest}) or smallest entry of {@code m} where {@code mask} is 1. */
    static Extreme extreme(INDArray m, INDArray mask, boolean largest) {
        return extreme(m, mask, largest, Double.NaN);
    }

    /**
     * {@link #extreme(INDArray, INDArray, boolean)} for a matrix whose entries are known to lie within {@code ±bound}
     * (NaN: not known, a pass over {@code m} finds its absolute maximum, as it always does in the half types); a
     * larger bound than the true one only widens the gap below.
     */
    static Extreme extreme(INDArray m, INDArray mask, boolean largest, double bound) {
        DataType type = m.dataType();
        boolean wide = type == DataType.FLOAT || type == DataType.DOUBLE;
        // the half types always measure: a loose bound could push the offset past their largest number
        double amax = wide && !Double.isNaN(bound) ? bound : m.amaxNumber().doubleValue();
        // In FLOAT and DOUBLE the offset leaves a gap of 2·amax + 1 + UNDERFLOW between every allowed entry (within
        // ±amax) and every shifted one (beyond ±(3·amax + 1 + UNDERFLOW)), so a row's extreme tells whether it found
        // anything, and a shifted entry less its row's largest allowed one (or 0) lies below the logarithm of the type's
        // smallest number: its exponential is exactly 0 (MaskedSoftmax needs no mask after exp). The half types, whose
        // range is small, keep the offset 2·amax + 1 and count the mask instead.
        double big = wide ? 4 * amax + 1 + (type == DataType.FLOAT ? FLOAT_UNDERFLOW : DOUBLE_UNDERFLOW) : 2 * amax + 1;
        // Masked-out entries are pushed beyond every allowed one; allowed entries keep their exact value.
        INDArray shifted = shiftedOutside(m, mask, largest ? -big : big);
        INDArray extreme = largest ? shifted.max(true, 1) : shifted.min(true, 1);
        double threshold = 2 * amax + 0.5;
        INDArray found = !wide ? rowHasAny(mask)
                : (largest ? extreme.gt(-threshold) : extreme.lt(threshold)).castTo(type);
        return new Extreme(extreme.muli(found), found, shifted, wide);
    }

    /** More than −ln of FLOAT's smallest positive number (≈ 103.3): {@code exp(−x)} rounds to 0 beyond it. */
    private static final double FLOAT_UNDERFLOW = 128;
    /** More than −ln of DOUBLE's smallest positive number (≈ 744.4). */
    private static final double DOUBLE_UNDERFLOW = 768;

    /**
     * {@code values + offset·(1 − mask)}: {@code values} exactly where the 0/1 {@code mask} is 1, moved by {@code offset}
     * elsewhere, so that a masked reduction or comparison can run over every entry. A new array of the mask's shape
     * ({@code values} broadcast to it). Where both have one shape and type, the product and the sum are one pass of
     * libnd4j's {@code axpy} ({@code offset·x + values} into {@code x = 1 − mask}; exact where {@code x} is 0).
     */
    public static INDArray shiftedOutside(INDArray values, INDArray mask, double offset) {
        INDArray outside = mask.rsub(1.0);
        if (values.dataType() != mask.dataType() || !Arrays.equals(values.shape(), mask.shape())) {
            return outside.muli(offset).addi(values);
        }
        return Nd4j.exec(new Axpy(outside, values, outside, offset));
    }

    /** {@code [B,1]}: 1 where a row of the 0/1 mask has any 1, else 0 (in the mask's data type). */
    public static INDArray rowHasAny(INDArray mask) {
        return Rows.sums(mask).gt(0.0).castTo(mask.dataType());
    }

    /**
     * {@code mask} with the rows where {@code keep} ({@code [B,1]}, 0/1) is 0 cleared: {@code mask} itself, not a copy,
     * when {@code kept} (the number of 1s in {@code keep}) is every row, as in a batch where every anchor has a
     * positive and a negative (a {@code [B,B]} pass saved per mask, 0.2–0.3 ms at 1024²); else a new array. Callers
     * only read the result.
     */
    public static INDArray keepRows(INDArray mask, INDArray keep, long kept) {
        return kept == mask.rows() ? mask : Broadcast.mulColumn(mask, keep);
    }

    /**
     * {@code m[a, index[a, s]]}: the entries of a {@code [B,M]} matrix at a {@code [B,S]} table of column indices
     * (numbers, as {@link #indexType} keeps them), {@code [B,S]}; one gather of B·S entries.
     */
    public static INDArray gather(INDArray m, INDArray index) {
        long rows = index.rows();
        long cols = index.columns();
        INDArray offsets = Nd4j.arange(0, rows).castTo(DataType.DOUBLE).reshape(rows, 1).muli(m.columns());
        int[] flat = Broadcast.addiColumn(index.castTo(DataType.DOUBLE).dup(), offsets).reshape(rows * cols).toIntVector();
        return Entries.atFlat(m, flat, rows, cols);
    }

    /**
     * The type in which indices are kept for matrices of type {@code type}: the type itself, or FLOAT for
     * half-precision types (whose integers are exact only up to 2048).
     */
    public static DataType indexType(DataType type) {
        return type == DataType.HALF || type == DataType.BFLOAT16 ? DataType.FLOAT : type;
    }

    /**
     * {@code H_ij = 1} where {@code j == index_i}: the one-hot rows {@code [B, width]} of a {@code [B,1]}
     * index column, as 0/1 in data type {@code type}.
     */
    public static INDArray oneHot(INDArray index, long width, DataType type) {
        return hits(index.reshape(index.length(), 1), width).castTo(type);
    }

    /**
     * {@code [R, width]} BOOL: true where {@code j == column_r}, for a {@code [R,1]} column of indices as numbers;
     * one broadcast comparison of the column with the row {@code 0..width−1}, in FLOAT when the indices are FLOAT
     * (exact below 2^24, and twice as fast as DOUBLE), else in DOUBLE.
     */
    private static INDArray hits(INDArray column, long width) {
        DataType type = column.dataType() == DataType.FLOAT && width <= (1L << 24) ? DataType.FLOAT : DataType.DOUBLE;
        INDArray c = column.castTo(type);
        INDArray iota = Nd4j.arange(0, width).castTo(type).reshape(1, width);
        return Nd4j.exec(new EqualTo(c, iota, Nd4j.createUninitialized(DataType.BOOL, c.rows(), width)))[0];
    }

    /**
     * Routes pair weights to picked columns: {@code R_an = Σ_k W_ak · [index_ak == n]}, for an index and
     * weight matrix {@code [B,K]}; returns {@code [B, width]}. Runs over blocks of {@code k}.
     */
    public static INDArray scatter(INDArray index, INDArray weights, long width) {
        return scatter(index, weights, width, BLOCK_ELEMENTS);
    }

    /** {@link #scatter(INDArray, INDArray, long)} with blocks of at most {@code blockElements} entries. */
    public static INDArray scatter(INDArray index, INDArray weights, long width, long blockElements) {
        long rows = index.rows();
        long cols = index.columns();
        DataType type = weights.dataType();
        if (cols == 1) {
            // one pick per row: its one-hot row scaled by its weight
            return hits(index, width).castTo(type).muliColumnVector(weights);
        }
        INDArray out = Nd4j.zeros(type, rows, width);
        INDArray iota = Nd4j.arange(0, width).castTo(DataType.DOUBLE).reshape(1, 1, width);
        long block = blockSize(rows * width, cols, blockElements);
        for (long k0 = 0; k0 < cols; k0 += block) {
            long k1 = Math.min(cols, k0 + block);
            try (MemoryWorkspace ws = BlockWorkspace.open()) {
                INDArray idx = index.get(NDArrayIndex.all(), NDArrayIndex.interval(k0, k1))
                        .castTo(DataType.DOUBLE).reshape(rows, k1 - k0, 1);
                INDArray w = weights.get(NDArrayIndex.all(), NDArrayIndex.interval(k0, k1)).dup().reshape(rows, k1 - k0, 1);
                INDArray hits = Nd4j.exec(new EqualTo(idx, iota,
                        Nd4j.createUninitialized(DataType.BOOL, rows, k1 - k0, width)))[0].castTo(type);
                INDArray weighted = Nd4j.exec(new MulOp(hits, w, hits.ulike()))[0];      // [B, block, width]
                out.addi(weighted.sum(1));
            }
        }
        return out;
    }

    /**
     * How many of {@code total} columns (at least 1) fit a block of {@code blockElements} entries whose
     * temporaries have {@code perColumn} entries per column.
     */
    public static long blockSize(long perColumn, long total, long blockElements) {
        return Math.max(1, Math.min(total, blockElements / Math.max(1, perColumn)));
    }
}
