package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.VectorRows;
import io.github.dl4jlosses.ops.Precision;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Distances between embeddings, in two forms, each with its gradient:
 * <ul>
 *   <li><b>row-wise</b>: {@code d_i = d(x_i, y_i)} for two {@code [B,D]} arrays, giving {@code [B,1]};</li>
 *   <li><b>matrix</b>: {@code M_ij = d(x_i, y_j)} between {@code [Bx,D]} and {@code [By,D]}, giving
 *       {@code [Bx,By]}. Euclidean and cosine forms are built from one GEMM ({@code X·Yᵀ}), never from a
 *       {@code [Bx,By,D]} difference tensor.</li>
 * </ul>
 * Gradients take the upstream gradient {@code dL/dd} ({@code [B,1]} or {@code [Bx,By]}) and return
 * {@code {dL/dx, dL/dy}}. Where a distance is not differentiable (zero Euclidean distance, a zero
 * Manhattan coordinate) the subgradient 0 is used, so the result is always finite.
 * <p>
 * All work stays in the data type of {@code x}.
 */
public enum Distance {
    /** {@code ‖x − y‖₂}. Subgradient 0 at {@code x = y} (as PyTorch's {@code pairwise_distance} without eps). */
    EUCLIDEAN,
    /** {@code ‖x − y‖₂²}, as FaceNet. */
    SQUARED_EUCLIDEAN,
    /** {@code Σ_k |x_k − y_k|}. Subgradient {@code sign(x_k − y_k)} with {@code sign(0) = 0}. */
    MANHATTAN,
    /**
     * {@code 1 − x·y / (max(‖x‖,ε)·max(‖y‖,ε))} with ε = 1e-8 (PyTorch's {@code cosine_similarity} guard),
     * so a zero vector has similarity 0 rather than NaN.
     */
    COSINE;

    /** Norm floor for cosine: below it a vector is treated as having norm {@value}. */
    public static final double COSINE_EPS = 1e-8;

    /**
     * Bound on a cosine distance, {@code 1 − x̂·ŷ ∈ [0, 2]}, with 0.01 for rounding: losses and miners that know it
     * skip the pass that would measure their matrix's largest magnitude.
     */
    public static final double COSINE_BOUND = 2.01;

    // ---------------------------------------------------------------- row-wise

    /** Row-wise distance of two {@code [B,D]} arrays: {@code [B,1]}. */
    public INDArray rowwise(INDArray x, INDArray y) {
        return rowwiseWithGradient(x, y).value();
    }

    /**
     * Row-wise distance of two {@code [B,D]} arrays that keeps what its gradient needs, so that a loss
     * needing both the distance and its gradient computes the difference {@code x − y} once
     * (see {@link RowwiseDistance}).
     */
    public RowwiseDistance rowwiseWithGradient(INDArray x, INDArray y) {
        return new RowwiseDistance(this, x, y);
    }

    /**
     * Whether a row-wise distance's value and gradient depend on {@code x − y} alone, its gradient a per-row multiple
     * of one direction ({@link RowwiseDistance#direction}): every distance but cosine.
     */
    public boolean isDirectional() {
        return this != COSINE;
    }

    /**
     * Row-wise distance given the difference {@code x − y} ({@code [B,D]}, a view allowed, not written into) instead
     * of {@code x} and {@code y}, for the distances whose value and gradient depend on it alone
     * ({@link #isDirectional}): a tuple loss can take the differences of its blocks straight from its
     * input (see {@code Tuple.shiftedDifferences} in the losses).
     *
     * @throws IllegalStateException for {@link #COSINE}
     */
    public RowwiseDistance rowwiseOfDifference(INDArray difference) {
        if (!isDirectional()) {
            throw new IllegalStateException("the cosine distance needs both embeddings, not their difference");
        }
        return new RowwiseDistance(this, difference);
    }

    /**
     * The row-wise distances between pairs {@code {a, b}} of the {@code k} blocks of each row of {@code x}
     * ({@code [B, k·D]}), computed by one host pass over {@code x} ({@code VectorRows.blockDistances}) where the
     * host passes take {@code x} ({@code VectorRows.acceptsBlocks}: FLOAT, the whole of its host buffer) and this
     * distance is {@linkplain #isDirectional directional}; else null (take the differences or the blocks instead).
     * The distances it returns are {@linkplain RowwiseDistance#isOfBlocks of blocks}: a loss writes their gradient
     * with {@code VectorRows.blockGradient} from {@link RowwiseDistance#hostCoefficients}.
     */
    public RowwiseDistance[] rowwiseOfBlocks(INDArray x, int k, int[]... pairs) {
        if (!isDirectional() || !VectorRows.acceptsBlocks(x, k)) {
            return null;
        }
        float[][] sums = VectorRows.blockDistances(x, k, pairs, this == MANHATTAN);
        RowwiseDistance[] result = new RowwiseDistance[pairs.length];
        for (int p = 0; p < pairs.length; p++) {
            if (this == EUCLIDEAN) {
                for (int r = 0; r < sums[p].length; r++) {
                    sums[p][r] = (float) Math.sqrt(sums[p][r]);
                }
            }
            result[p] = new RowwiseDistance(this, sums[p]);
        }
        return result;
    }

    // ---------------------------------------------------------------- matrix

    /** Distance matrix {@code M_ij = d(x_i, y_j)}: {@code [Bx,By]}. */
    public INDArray matrix(INDArray x, INDArray y) {
        return matrixWithGradient(x, y).value();
    }

    /**
     * Distance matrix that keeps what its gradient needs (the matrix itself, the normalised rows for
     * cosine), so a loss needing both pays for one GEMM on the way forward; its
     * {@link MatrixDistance#selfGradient} handles {@code d(x_i, x_j)} within one batch with one GEMM
     * on the way back.
     */
    public MatrixDistance matrixWithGradient(INDArray x, INDArray y) {
        return new MatrixDistance(this, x, y);
    }

    // ---------------------------------------------------------------- pieces

    /**
     * {@code ‖x_i‖² + ‖y_j‖² − 2 x_i·y_j}, clamped at 0 against cancellation: the norms are broadcast into
     * the result and one GEMM ({@code α = −2, β = 1}) adds the cross term in place.
     */
    static INDArray squaredEuclideanMatrix(INDArray x, INDArray y) {
        // ‖x_i‖² summed as squares (not squared from a norm): for identical rows it cancels the GEMM's x_i·x_i to 0
        // rather than to rounding noise
        INDArray xx = Rows.squaredNorms(x);                 // [Bx,1]
        INDArray yy = x == y ? xx : Rows.squaredNorms(y);   // [By,1]
        INDArray s = xx.add(yy.reshape(1, yy.length()));    // [Bx,By] by broadcasting
        Nd4j.gemm(x, y, s, false, true, -2.0, 1.0);
        return Transforms.max(s, 0.0, false);
    }

    /** dL/dX = 2(diag(G·1)·X − G·Y), dL/dY = 2(diag(Gᵀ·1)·Y − Gᵀ·X). */
    static INDArray[] squaredEuclideanMatrixGradient(INDArray x, INDArray y, INDArray g) {
        INDArray gx = Broadcast.mulColumn(x, Rows.sums(g)).subi(Nd4j.gemm(g, y, false, false)).muli(2.0);
        INDArray gy = Broadcast.mulColumn(y, Rows.columnSums(g)).subi(Nd4j.gemm(g, x, true, false)).muli(2.0);
        return new INDArray[]{gx, gy};
    }

    /**
     * The cosine norm floor for {@code type}: {@link #COSINE_EPS}, except in HALF, where 1e-8 rounds to 0 (and
     * 0/0 would make an all-zero embedding NaN): there 2^-7, the smallest floor whose square (what the SameDiff
     * twin clamps) is still a normal HALF number.
     */
    public static double cosineEps(DataType type) {
        return type == DataType.HALF ? 0x1p-7 : COSINE_EPS;
    }

    /** {@code [B,1]} 1 where a row's norm reaches the floor ε (it was normalised), 0 inside the ε-ball. */
    static INDArray onSphere(INDArray norms) {
        return norms.gte(cosineEps(norms.dataType())).castTo(norms.dataType());
    }

    /**
     * Back-propagates {@code gh = dL/dx̂} through {@code x̂ = x / max(‖x‖, ε)} given the rows on the sphere
     * ({@link #onSphere}): {@code (gh − (gh·x̂)·x̂)/‖x‖} on the sphere, {@code gh/ε} inside the ε-ball where the map
     * is linear. Written over {@code gh}, a temporary every caller has just computed and needs no more.
     */
    static INDArray unitGradientKnowingSphere(INDArray gh, INDArray xh, INDArray onSphere, INDArray clampedNorm) {
        INDArray radial = Rows.dot(gh, xh);
        return Broadcast.diviColumn(gh.subi(Broadcast.mulColumn(xh, radial.muli(onSphere))), clampedNorm);
    }

    /** 1/v where v &gt; 0, else 0 (the subgradient choice at a zero distance); v &gt;= 0. */
    static INDArray safeReciprocal(INDArray v) {
        // step(v) is 1 where v > 0; the floor (the type's smallest normal number) keeps 1/v finite
        // there even for subnormal v, and 0/floor = 0 where v = 0.
        INDArray positive = Transforms.step(v, true);
        return positive.divi(Transforms.max(v, Precision.smallestNormal(v.dataType()), true));
    }
}
