package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.Entries;
import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.Rows;
import io.github.dl4jlosses.ops.VectorRows;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A distance matrix {@code M_ij = d(x_i, y_j)} evaluated once, together with what its gradient needs, so
 * that a loss needing the matrix and its gradient does not rebuild the matrix (a GEMM) on the way back.
 * Obtained from {@link Distance#matrixWithGradient}; {@link Distance#matrix} is its value alone.
 * <p>
 * For distances within one batch ({@code x == y}, the labelled-batch losses), {@link #selfGradient}
 * gives {@code dL/dx} through both arguments with one GEMM ({@code (G + Gᵀ)·X}) instead of two.
 */
public final class MatrixDistance {
    private final Distance distance;
    private final INDArray x;
    private final INDArray y;
    /** The matrix. */
    private final INDArray value;
    /** Cosine only: the unit rows, with what their gradient needs. */
    private final UnitRows ux;
    private final UnitRows uy;

    MatrixDistance(Distance distance, INDArray x, INDArray y) {
        this.distance = distance;
        this.x = x;
        this.y = y;
        if (distance == Distance.COSINE) {
            ux = UnitRows.of(x);
            uy = x == y ? ux : UnitRows.of(y);
        } else {
            ux = uy = null;
        }
        value = compute();
    }

    private INDArray compute() {
        switch (distance) {
            case SQUARED_EUCLIDEAN:
                return Distance.squaredEuclideanMatrix(x, y);
            case EUCLIDEAN:
                return Transforms.sqrt(Distance.squaredEuclideanMatrix(x, y), false);
            case MANHATTAN: {
                // No GEMM form exists for L1; one vectorized pass per column keeps memory at O(B·D).
                INDArray m = Nd4j.create(x.dataType(), x.rows(), y.rows());
                for (int j = 0; j < y.rows(); j++) {
                    m.putColumn(j, Transforms.abs(x.subRowVector(y.getRow(j)), false).sum(true, 1));
                }
                return m;
            }
            case COSINE:
                return Nd4j.gemm(ux.unit(), uy.unit(), false, true).rsubi(1.0);
            default:
                throw new AssertionError(distance);
        }
    }

    /** The distance matrix {@code [Bx,By]}. */
    public INDArray value() {
        return value;
    }

    /** Given {@code G = dL/dM} ({@code [Bx,By]}), returns {@code {dL/dx [Bx,D], dL/dy [By,D]}}. */
    public INDArray[] gradient(INDArray g) {
        switch (distance) {
            case SQUARED_EUCLIDEAN:
                return Distance.squaredEuclideanMatrixGradient(x, y, g);
            case EUCLIDEAN:
                return Distance.squaredEuclideanMatrixGradient(x, y, throughSqrt(g));
            case MANHATTAN:
                return manhattanGradient(g);
            case COSINE: {
                // M = 1 − X̂·Ŷᵀ: dL/dX̂ = −G·Ŷ, dL/dŶ = −Gᵀ·X̂, then back through the normalisation.
                INDArray gxh = negatedProduct(g, uy.unit(), false);
                INDArray gyh = negatedProduct(g, ux.unit(), true);
                return new INDArray[]{ux.gradientInPlace(gxh), uy.gradientInPlace(gyh)};
            }
            default:
                throw new AssertionError(distance);
        }
    }

    /**
     * For a matrix of one batch against itself ({@code matrixWithGradient(x, x)}): given
     * {@code G = dL/dM} ({@code [B,B]}), the gradient with respect to {@code x} through both arguments,
     * i.e. the sum of {@link #gradient}'s two parts, from one GEMM.
     *
     * @throws IllegalStateException if the matrix was built from two different arrays
     */
    public INDArray selfGradient(INDArray g) {
        if (x != y) {
            throw new IllegalStateException("MatrixDistance.selfGradient: the matrix was built from two arrays");
        }
        switch (distance) {
            case SQUARED_EUCLIDEAN:
                return symmetricSquaredGradient(g);
            case EUCLIDEAN:
                return symmetricSquaredGradient(throughSqrt(g));
            case MANHATTAN: {
                INDArray[] both = manhattanGradient(g);
                return both[0].addi(both[1]);
            }
            case COSINE: {
                // M = 1 − X̂·X̂ᵀ: dL/dX̂ = −(G + Gᵀ)·X̂, then back through the normalisation.
                INDArray gxh = negatedProduct(symmetric(g), ux.unit(), false);
                return ux.gradientInPlace(gxh);
            }
            default:
                throw new AssertionError(distance);
        }
    }

    /** Whether {@link #pickedGradient} works for this distance (Euclidean and squared Euclidean). */
    public boolean backpropagatesPicks() {
        return distance == Distance.EUCLIDEAN || distance == Distance.SQUARED_EUCLIDEAN;
    }

    /**
     * {@code dL/dx} for a gradient {@code G} given as {@link PickedPairs}, through both arguments ({@code
     * throughReferences}, a matrix of one batch against itself: {@link #selfGradient}'s result) or through the queries
     * only ({@link #gradient}'s first part). Per slot k: the picked reference rows {@code y_J} are gathered, {@code U =
     * 2·W'_k ⊙ (x − y_J)} (with {@code W' = W / (2M)} at the picked entries for the Euclidean distance, 0 where M = 0)
     * is added to the queries' rows and, through the references, subtracted from rows J by a scatter. No {@code [B,M]}
     * matrix is built: batch hard (two picks per row) took 0.65–0.96 of the dense route's time at {@code [1024,512]}
     * and 0.75–0.84 at {@code [512,128]} (FLOAT, 2 threads, session 14), whose {@code [B,B]×[B,D]} GEMM alone takes
     * 6.3 ms at the larger shape; libnd4j's scatter costs ~0.9 µs per row of 128 values, so the two routes come
     * closer for small D.
     *
     * @throws IllegalStateException for another distance ({@link #backpropagatesPicks}), or through the references of
     *                               a matrix built from two arrays
     */
    public INDArray pickedGradient(PickedPairs picks, boolean throughReferences) {
        if (!backpropagatesPicks() || (throughReferences && x != y)) {
            throw new IllegalStateException("MatrixDistance.pickedGradient: needs a Euclidean or squared Euclidean "
                    + "matrix (and one batch against itself through the references), got " + distance
                    + (x != y ? " of two arrays" : ""));
        }
        if (VectorRows.acceptsOnHost(x) && VectorRows.acceptsOnHost(y) && VectorRows.acceptsOnHost(value)) {
            return pickedGradientOnHost(picks, throughReferences);
        }
        INDArray grad = Nd4j.zeros(x.dataType(), x.shape());
        for (int k = 0; k < picks.perRow(); k++) {
            int[] columns = columnsOnHost(picks, k);
            INDArray w = picks.weights.getColumn(k, true).mul(2.0);
            if (distance == Distance.EUCLIDEAN) {
                w.muli(Distance.safeReciprocal(Entries.perRow(value, columns))).muli(0.5);
            }
            INDArray u = Broadcast.mulColumn(x.sub(Nd4j.pullRows(y, 1, columns)), w);
            grad.addi(u);
            if (throughReferences) {
                // rows J may repeat (two anchors sharing their hardest negative): the locked scatter adds each in turn
                Rows.scatterSub(grad, columns, u);
            }
        }
        return grad;
    }

    /**
     * {@link #pickedGradient} in one pass over the picks on the host ({@link VectorRows#pickedDifferences}): the
     * coefficient {@code 2·W} (over {@code M} for the Euclidean distance, 0 where {@code M = 0}) per pick, then each
     * picked reference row read once. libnd4j's gather, broadcast, addition and locked scatter per slot took 40% of
     * semi-hard mining's call at {@code [512,128]} (FLOAT, 2 threads, session 31).
     */
    private INDArray pickedGradientOnHost(PickedPairs picks, boolean throughReferences) {
        int perRow = (int) picks.perRow();
        double[] columns = HostValues.doubles(picks.columns);
        float[] weights = HostValues.floats(picks.weights);
        long width = value.columns();
        DataBuffer distances = value.data();
        int[] rows = new int[columns.length];
        float[] coef = new float[columns.length];
        for (int t = 0; t < columns.length; t++) {
            long j = (long) columns[t];
            if (weights[t] == 0f || j < 0 || j >= width) {
                continue;                                               // a slot that holds nothing
            }
            rows[t] = (int) j;
            coef[t] = weights[t] * 2f;
            if (distance == Distance.EUCLIDEAN) {
                float m = distances.getFloat((t / perRow) * width + j);
                coef[t] = m > 0f ? coef[t] * (1f / Math.max(m, Float.MIN_NORMAL)) * 0.5f : 0f;
            }
        }
        return VectorRows.pickedDifferences(x, y, rows, coef, perRow, throughReferences);
    }

    /**
     * Slot k's column indices as ints; an index outside the matrix (a slot that holds nothing, weight 0) becomes 0 so
     * that gathering and scattering stay in bounds.
     */
    private int[] columnsOnHost(PickedPairs picks, int k) {
        int[] columns = picks.columns.getColumn(k).toIntVector();
        long m = value.columns();
        for (int a = 0; a < columns.length; a++) {
            if (columns[a] < 0 || columns[a] >= m) {
                columns[a] = 0;
            }
        }
        return columns;
    }

    private INDArray[] manhattanGradient(INDArray g) {
        INDArray gx = Nd4j.zeros(x.dataType(), x.rows(), x.columns());
        INDArray gy = Nd4j.create(x.dataType(), y.rows(), y.columns());
        for (int j = 0; j < y.rows(); j++) {
            INDArray sign = Transforms.sign(x.subRowVector(y.getRow(j)), false);
            INDArray gj = g.getColumn(j, true);
            gx.addi(sign.mulColumnVector(gj));
            gy.putRow(j, Nd4j.gemm(gj, sign, true, false).negi());
        }
        return new INDArray[]{gx, gy};
    }

    /** {@code −op(g)·u}: the sign in the product's α rather than a pass of its own over the result. */
    private static INDArray negatedProduct(INDArray g, INDArray u, boolean transposeG) {
        INDArray out = Nd4j.createUninitialized(g.dataType(), transposeG ? g.columns() : g.rows(), u.columns());
        return Nd4j.gemm(g, u, out, transposeG, false, -1.0, 0.0);
    }

    /** dL/dS for S = M² (M = √S): G / (2M) where M &gt; 0, 0 where M = 0. */
    private INDArray throughSqrt(INDArray g) {
        return Distance.safeReciprocal(value).muli(g).muli(0.5);
    }

    /** Squared Euclidean, both arguments X: 2(diag(S·1)·X − S·X) with S = G + Gᵀ. */
    private INDArray symmetricSquaredGradient(INDArray g) {
        INDArray s = symmetric(g);
        return Broadcast.mulColumn(x, Rows.sums(s)).subi(Nd4j.gemm(s, x, false, false)).muli(2.0);
    }

    /**
     * {@code G + Gᵀ}: on the host ({@link VectorRows#addTransposed}, FLOAT) one pass over G's row bands; else the
     * transposed view assigned into a c-ordered array, then a plain addition. Adding the transposed view directly runs
     * the addition through libnd4j's per-element index path (0.68 against 0.46 ms at {@code [512,512]}, 3.3 against
     * 2.3 ms at {@code [1024,1024]}, session 18); the copy by {@code assign} takes 0.36 / 1.9 ms where libnd4j's
     * {@code transpose} op takes 0.78 / 2.2 ms (FLOAT, 2 threads, in a workspace, session 19).
     */
    private static INDArray symmetric(INDArray g) {
        INDArray out = Nd4j.createUninitialized(g.dataType(), g.columns(), g.rows());
        if (g.rows() == g.columns() && VectorRows.acceptsOnHost(g, out)) {
            return VectorRows.addTransposed(g, out);
        }
        return out.assign(g.transpose()).addi(g);
    }
}
