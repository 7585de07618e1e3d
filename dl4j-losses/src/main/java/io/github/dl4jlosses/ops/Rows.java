package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Row-wise reductions of {@code [B,D]} matrices that ND4J has no single {@code INDArray} method for. */
public final class Rows {
    private Rows() {
    }

    /**
     * {@code x_i · y_i} as a {@code [B,1]} column: libnd4j's reduce3 {@code dot} along dimension 1, one op that reads
     * both arrays once instead of a {@code [B,D]} product and a sum (0.4 ms against 0.8 ms for {@code [1024,512]}
     * FLOAT on the build machine). Not {@code SquaredNorm} for {@code x_i·x_i}: along a dimension of length 1 (D = 1)
     * it returns {@code |x|} in 1.0.0-M2.1, not {@code x²}; {@code dot} is right for every D.
     */
    public static INDArray dot(INDArray x, INDArray y) {
        return Nd4j.exec(new Dot(x, y, 1)).reshape(x.rows(), 1);
    }

    /**
     * Entries beyond which a FLOAT or DOUBLE matrix is {@linkplain #large large}: its row reductions leave libnd4j's
     * own per-row loop, unvectorised and single-threaded (~1 ns an entry) but with the least fixed cost. At
     * {@code [512,128]} both routes take about as long (contrastive's distances measured 5% slower by the other
     * route); below it the loop is faster, above it the others are (FLOAT, 2 threads, session 20).
     */
    private static final long LARGE = 1 << 16;

    /**
     * {@code ‖x_i‖² = Σ_k x_ik²} as a {@code [B,1]} column: libnd4j's {@code SquaredNorm} reduction for rows of at
     * least two entries in a matrix that is not {@linkplain #large large}, else {@link #dot} (right for one-entry rows,
     * see there; and it keeps both threads busy: 0.29 against 0.50 ms for {@code [1024,512]} FLOAT, 0.16 against
     * 0.26 ms for {@code [512,512]}, but 0.05 against 0.03 ms for {@code [64,128]}; session 20).
     */
    public static INDArray squaredNorms(INDArray x) {
        if (x.columns() < 2 || large(x)) {
            return dot(x, x);
        }
        return Nd4j.exec(new SquaredNorm(x, 1)).reshape(x.rows(), 1);
    }

    /**
     * {@code ‖x_i‖} as a {@code [B,1]} column: libnd4j's {@code norm2} reduction unless the matrix is
     * {@linkplain #large large}, then the square roots of {@link #squaredNorms} (0.30 against 0.51 ms for
     * {@code [1024,512]} FLOAT, a view of a wider array's columns as well).
     */
    public static INDArray norms(INDArray x) {
        if (!large(x)) {
            return x.norm2(true, 1);
        }
        return Transforms.sqrt(squaredNorms(x), false);
    }

    /**
     * {@code Σ_j m_ij} as a {@code [R,1]} column: a BLAS product with a cached {@code [C,2]} ones matrix
     * ({@link Ones}) where {@code m} is {@linkplain #large large} and no view, else {@code m.sum(true, 1)}. libnd4j
     * sums each row in one unvectorised, single-threaded loop (~1 ns an entry); a one-column ones vector goes to BLAS's
     * matrix–vector product, which is barely faster here; two columns make it a matrix product. FLOAT, 2 threads, in a
     * workspace (session 20): 0.10 against 0.25 ms ({@code sum}) and 0.24 ms (one column with a new ones vector, the
     * route before) for {@code [512,512]}, 0.28 against 0.98 and 0.43 ms for {@code [1024,1024]}. On a VM whose
     * OpenBLAS hands its threads work with {@code sched_yield} the product cost more than that (session 30), so a large
     * FLOAT matrix that {@link VectorRows} takes is summed there, one row per pass on the host.
     */
    public static INDArray sums(INDArray m) {
        if (large(m) && VectorRows.acceptsOnHost(m)) {
            return HostValues.column(VectorRows.rowSums(m));
        }
        if (!blasReady(m)) {
            return m.sum(true, 1);
        }
        return blasSums(m, false);
    }

    /**
     * {@code Σ_i m_ij} as a {@code [1,C]} row, by BLAS as {@link #sums} (libnd4j reduces a c-ordered matrix's
     * columns through strided loops: 0.59 against 0.11 ms for {@code [512,512]} FLOAT, 5.5 against 0.31 ms for
     * {@code [1024,1024]}, 0.08 against 0.10 ms for {@code [512,128]}), else {@code m.sum(true, 0)}.
     */
    public static INDArray columnSums(INDArray m) {
        if (!blasReady(m)) {
            return m.sum(true, 0);
        }
        return blasSums(m, true).reshape(1, m.columns());
    }

    /**
     * A {@linkplain #large large} matrix that BLAS reads as it is: no view, or a view laid out row by row (a window of
     * rows, a reshaped array: batch all sums its {@code [B, w·M]} blocks through a reshape).
     */
    private static boolean blasReady(INDArray m) {
        return large(m) && (!m.isView() || Entries.isContiguous(m));
    }

    /**
     * {@code m · [1 1]} ({@code mᵀ · [1 1]} when transposed) into a c-ordered {@code [n,2]} array, and its first
     * column as a new {@code [n,1]} array: a strided view made from the buffer directly (~5 µs; {@code getColumn}
     * takes 15–20 µs to build the same view), then copied, so no caller holds a view.
     */
    private static INDArray blasSums(INDArray m, boolean transposed) {
        DataType type = m.dataType();
        long n = transposed ? m.columns() : m.rows();
        INDArray two = Nd4j.createUninitialized(type, n, 2);
        Nd4j.gemm(m, Ones.twoColumns(type, transposed ? m.rows() : m.columns()), two, transposed, false, 1.0, 0.0);
        return Nd4j.create(two.data(), new long[]{n, 1}, new long[]{2, 1}, 0, 'c').dup('c');
    }

    /**
     * A FLOAT or DOUBLE matrix of more than {@link #LARGE} entries: the half types keep libnd4j's reductions, which
     * accumulate in FLOAT.
     */
    private static boolean large(INDArray m) {
        DataType t = m.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && m.rank() == 2 && m.length() > LARGE;
    }

    /**
     * {@code x}, or a c-ordered copy when it is a view whose rows are not contiguous (a window of columns of a wider
     * array): libnd4j's (1.0.0-M2.1) {@code split} reads such a view wrongly, every row after the first from the wrong
     * offset, and the tuple losses split their input. Arrays that are not views (f-ordered ones included) and
     * c-ordered windows of rows are read correctly and are not copied; any other view is.
     */
    public static INDArray withContiguousRows(INDArray x) {
        boolean rowsContiguous = x.rank() == 2 && x.ordering() == 'c' && x.stride(1) == 1 && x.stride(0) == x.size(1);
        return !x.isView() || rowsContiguous ? x : x.dup('c');
    }

    /**
     * {@code target[rows[i]] += updates[i]} for every row i of {@code updates}, in place; {@code rows} may repeat
     * (libnd4j's locked scatter adds each update in turn) and must lie within {@code target}. For gradients that
     * reach a few picked rows: ~1 µs per row of 128 values, against a one-hot {@code [B,B]} matrix and a GEMM.
     *
     * @return {@code target}
     */
    public static INDArray scatterAdd(INDArray target, int[] rows, INDArray updates) {
        if (VectorRows.acceptsOnHost(target) && VectorRows.acceptsOnHost(updates)
                && target.columns() == updates.columns()) {
            return VectorRows.addRows(target, rows, updates);       // FLOAT on the host: no per-row lock
        }
        return scatter("scatter_add", target, rows, updates);
    }

    /** {@code target[rows[i]] −= updates[i]}, as {@link #scatterAdd}. */
    public static INDArray scatterSub(INDArray target, int[] rows, INDArray updates) {
        return scatter("scatter_sub", target, rows, updates);
    }

    /** {@code target[rows[i]] = updates[i]}, in place; {@code rows} distinct and within {@code target}. */
    public static INDArray scatterUpdate(INDArray target, int[] rows, INDArray updates) {
        return scatter("scatter_upd", target, rows, updates);
    }

    private static INDArray scatter(String op, INDArray target, int[] rows, INDArray updates) {
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(target, Nd4j.createFromArray(rows), updates)
                .addOutputs(target).addBooleanArguments(true, false).build());
        return target;
    }
}
