package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;

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
     * {@code ‖x_i‖² = Σ_k x_ik²} as a {@code [B,1]} column, summed as squares: libnd4j's {@code SquaredNorm} reduction
     * where rows have at least two entries (0.17 ms for {@code [512,256]} FLOAT at two threads, against 0.25 ms for
     * {@link #dot} and 0.35 ms for a square and a sum), {@link #dot} for one-entry rows (see there).
     */
    public static INDArray squaredNorms(INDArray x) {
        if (x.columns() < 2) {
            return dot(x, x);
        }
        return Nd4j.exec(new SquaredNorm(x, 1)).reshape(x.rows(), 1);
    }

    /**
     * {@code Σ_j m_ij} as a {@code [R,1]} column: a BLAS matrix–vector product with a ones vector where {@code m} is a
     * FLOAT or DOUBLE matrix in one piece (libnd4j's row reduction runs one unvectorised loop per row: 0.99 against
     * 0.47 ms for {@code [1024,1024]} FLOAT, about the same for {@code [512,512]}, 2 threads, session 14), else
     * {@code m.sum(true, 1)}.
     */
    public static INDArray sums(INDArray m) {
        if (!blasReady(m)) {
            return m.sum(true, 1);
        }
        return Nd4j.gemm(m, Nd4j.ones(m.dataType(), m.columns(), 1), false, false).reshape(m.rows(), 1);
    }

    /**
     * {@code Σ_i m_ij} as a {@code [1,C]} row, by BLAS as {@link #sums} (libnd4j reduces a c-ordered matrix's
     * columns through strided loops: 0.53 against 0.26 ms for {@code [512,512]} FLOAT, 5.2 against 0.55 ms for
     * {@code [1024,1024]}), else {@code m.sum(true, 0)}.
     */
    public static INDArray columnSums(INDArray m) {
        if (!blasReady(m)) {
            return m.sum(true, 0);
        }
        return Nd4j.gemm(m, Nd4j.ones(m.dataType(), m.rows(), 1), true, false).reshape(1, m.columns());
    }

    /** A FLOAT/DOUBLE matrix that is no view (BLAS reads it as it is). */
    private static boolean blasReady(INDArray m) {
        DataType t = m.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && m.rank() == 2 && m.length() > 0 && !m.isView();
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
        return scatter("scatter_add", target, rows, updates);
    }

    /** {@code target[rows[i]] −= updates[i]}, as {@link #scatterAdd}. */
    public static INDArray scatterSub(INDArray target, int[] rows, INDArray updates) {
        return scatter("scatter_sub", target, rows, updates);
    }

    private static INDArray scatter(String op, INDArray target, int[] rows, INDArray updates) {
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(target, Nd4j.createFromArray(rows), updates)
                .addOutputs(target).addBooleanArguments(true, false).build());
        return target;
    }
}
