package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/** Matrix products into part of a larger array. */
public final class Products {
    private Products() {
    }

    /**
     * {@code c = alpha·op(a)·op(b) + beta·c} where {@code c} may be a column-block view (rows strided, columns
     * contiguous), e.g. one block of a {@code [B, k·D]} gradient. {@code Nd4j.gemm} refuses any {@code c} that is not
     * contiguous, though libnd4j's {@code matmul} hands such a view to BLAS with its row stride as the leading
     * dimension (checked against a contiguous product in {@code ProductsTest}); writing there saves the copy a
     * {@code concat} of separately computed blocks costs.
     *
     * @return {@code c}
     */
    public static INDArray into(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB,
                                double alpha, double beta) {
        Nd4j.exec(new Mmul(a, b, c, alpha, beta,
                MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build()));
        return c;
    }
}
