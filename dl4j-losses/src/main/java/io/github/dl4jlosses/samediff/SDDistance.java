package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.ops.Precision;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.function.Supplier;

/**
 * The distances of {@link Distance} as SameDiff graphs, differentiated by SameDiff's autodiff.
 * <ul>
 *   <li>{@link #rowwise}: {@code d_i = d(x_i, y_i)} for two {@code [B,D]} variables, giving {@code [B,1]};</li>
 *   <li>{@link #matrix}: {@code M_ij = d(x_i, y_j)} for {@code [Bx,D]} and {@code [By,D]}, giving
 *       {@code [Bx,By]}; squared Euclidean, Euclidean and cosine from one matrix product, Manhattan from a
 *       broadcast {@code [Bx,By,D]} difference.</li>
 * </ul>
 * The definitions are written from the formulas, independently of the analytic code in
 * {@link Distance}, and keep its conventions: a zero Euclidean distance has the subgradient 0 (a matrix's
 * square root is taken of the squared distance floored above 0, see {@link #safeSqrt}; a row-wise norm's gradient
 * divides by the norm floored likewise, see {@link #rowNorms}), {@code |·|} has the subgradient {@code sign(0) = 0},
 * and cosine floors each norm at {@link Distance#cosineEps} (computed as
 * {@code sqrt(max(‖x‖², ε²))}, so a zero vector gives a finite gradient).
 * <p>
 * Every function accepts an optional {@code name} for its output variable ({@code null} lets SameDiff
 * choose one) and works in the data type of its inputs.
 */
public final class SDDistance {
    private SDDistance() {
    }

    /**
     * Row-wise distance of two {@code [B,D]} variables: {@code [B,1]}. Their difference is a {@link Difference}, whose
     * backprop writes one {@code [B,D]} array where SameDiff's subtraction writes two, and which wants both fed with
     * arrays of one shape (as the twins' branches are); where both shapes are given and differ it broadcasts as usual.
     */
    public static SDVariable rowwise(SameDiff sd, String name, Distance distance, SDVariable x, SDVariable y) {
        SDChecks.requireSameWidth("SDDistance.rowwise", x, y);
        return named(sd, name, byDistance(sd, distance, false, () -> squaredRowwise(sd, x, y),
                () -> rowNorms(sd, Difference.of(sd, x, y)),
                () -> rowSums(sd, sd.math().abs(Difference.of(sd, x, y))),
                // x·y · (1/‖x‖) · (1/‖y‖): dividing by the product of the two floored norms would square that
                // product in the gradient (2^-28 in HALF underflows to 0, giving 0/0 for zero rows); each
                // reciprocal's gradient squares one norm only. (Dividing the rows by their norms first is also
                // exact but, in ND4J 1.0.0-M2.1, differentiates a [1,D] / [1,1] broadcast wrongly at B = 1.)
                () -> rowSums(sd, x.mul(y)).mul(clampedNorm(sd, x).rdiv(1.0)).mul(clampedNorm(sd, y).rdiv(1.0))
                        .rsub(1.0)));
    }

    /** Distance matrix {@code M_ij = d(x_i, y_j)} of a {@code [Bx,D]} and a {@code [By,D]} variable: {@code [Bx,By]}. */
    public static SDVariable matrix(SameDiff sd, String name, Distance distance, SDVariable x, SDVariable y) {
        SDChecks.requireSameWidth("SDDistance.matrix", x, y);
        return named(sd, name, byDistance(sd, distance, true, () -> squaredMatrix(sd, x, y),
                () -> safeSqrt(sd, squaredMatrix(sd, x, y)),
                () -> sd.math().abs(sd.expandDims(x, 1).sub(sd.expandDims(y, 0))).sum(false, 2),   // [Bx,By,D]
                () -> cosineMatrix(sd, x, y, 1.0).rsub(1.0)));
    }

    /**
     * {@code scale · cos(x_i, y_j)} ({@code [Bx,By]}): the product of the rows divided by their floored norms, the scale
     * folded into x's divisor ({@code [Bx,1]}) rather than applied to the {@code [Bx,By]} product (two passes over the
     * matrix fewer, with the backprop). Dividing is kept: in ND4J 1.0.0-M2.1 a {@code [B,D]} times {@code [B,1]}
     * {@code multiply_bp} took 1.2 ms at [512,128], against 0.3–0.5 ms for the {@code divide_bp}. One batch against
     * itself is normalised once and multiplied by itself as a {@link SelfProduct}, the scale its alpha.
     */
    static SDVariable cosineMatrix(SameDiff sd, SDVariable x, SDVariable y, double scale) {
        if (x == y) {                 // one batch against itself: normalised once, its product differentiated as one
            return SelfProduct.of(sd, x.div(clampedNorm(sd, x)), scale);
        }
        SDVariable xNorm = scale == 1.0 ? clampedNorm(sd, x) : clampedNorm(sd, x).div(scale);
        return sd.mmul(x.div(xNorm), y.div(clampedNorm(sd, y)), false, true, false);
    }

    /**
     * The graph of {@code distance} from its four forms; {@code cancels} where the squared form can fall below 0 by
     * cancellation (the GEMM form of a matrix), and is floored at 0.
     */
    private static SDVariable byDistance(SameDiff sd, Distance distance, boolean cancels, Supplier<SDVariable> squared,
                                         Supplier<SDVariable> euclidean, Supplier<SDVariable> manhattan,
                                         Supplier<SDVariable> cosine) {
        switch (distance) {
            case SQUARED_EUCLIDEAN:
                return cancels ? sd.scalarMax(squared.get(), 0.0) : squared.get();
            case EUCLIDEAN:
                return euclidean.get();
            case MANHATTAN:
                return manhattan.get();
            case COSINE:
                return cosine.get();
            default:
                throw new IllegalArgumentException("SDDistance: unknown distance " + distance);
        }
    }

    private static SDVariable squaredRowwise(SameDiff sd, SDVariable x, SDVariable y) {
        return squaredRowNorms(sd, Difference.of(sd, x, y));
    }

    /** {@code Σ_k m[i,k]} as {@code [B,1]}, for rows of any width ({@link RowSums}). */
    static SDVariable rowSums(SameDiff sd, SDVariable m) {
        return RowSums.of(sd, m);
    }

    /**
     * {@code ‖m_i‖²} as {@code [B,1]}: one {@link SquaredRowNorms} op, whose backprop is one broadcast product (not
     * {@code square}, whose backprop in ND4J 1.0.0-M2.1 is a {@code pow} derivative, nor the row sum of
     * {@code m ⊙ m}, three {@code [B,D]} passes back).
     */
    static SDVariable squaredRowNorms(SameDiff sd, SDVariable m) {
        return SquaredRowNorms.of(sd, m);
    }

    /** {@code ‖x_i‖² + ‖y_j‖² − 2 x_i·y_j} (cancellation may leave it slightly below 0: callers floor it). */
    private static SDVariable squaredMatrix(SameDiff sd, SDVariable x, SDVariable y) {
        SDVariable xx = squaredRowNorms(sd, x);                                // [Bx,1]
        SDVariable yy = sd.transpose(x == y ? xx : squaredRowNorms(sd, y));    // [1,By]; one batch: the same norms
        // −2·x_i·y_j with the factor on x ([Bx,D], exact: a power of two) rather than on the [Bx,By] product: one pass
        // over the matrix and its backprop fewer
        // one batch against itself: a SelfProduct, one product in its gradient where a product of two takes two
        SDVariable cross = x == y ? SelfProduct.of(sd, x, -2.0)              // [Bx,By]
                : sd.mmul(x.mul(-2.0), y, false, true, false);
        return xx.add(yy).add(cross);
    }

    /**
     * {@code sqrt(s)} of a squared distance (which cancellation may leave slightly below 0), with the subgradient 0
     * where {@code s ≤ 0}; no {@code 1/0} is ever formed. In FLOAT and DOUBLE the root is taken of s floored at the
     * type's smallest normal number ν, whose backprop passes no gradient where s ≤ ν: a distance of 0 comes out as
     * √ν (10^−19 in FLOAT, 10^−154 in DOUBLE). One floor and one {@link Root} (whose gradient divides by the root
     * rather than taking a second power of s): the form below, for HALF (where √ν is 0.008),
     * takes seven more passes over a {@code [B,B]} matrix with its backprop (1 ms of the lifted structure twin at
     * 512×128). There the root is taken of {@code s⁺ + [s⁺ = 0]} with {@code s⁺ = max(s, 0)} and multiplied by
     * {@code [s⁺ > 0]}.
     */
    static SDVariable safeSqrt(SameDiff sd, SDVariable s) {
        DataType type = s.dataType();
        if (type == DataType.FLOAT || type == DataType.DOUBLE) {
            return Root.of(sd, sd.scalarMax(s, Precision.smallestNormal(type)));
        }
        SDVariable floored = sd.scalarMax(s, 0.0);
        SDVariable positive = floored.gt(0.0).castTo(type);
        return sd.math().sqrt(floored.add(positive.rsub(1.0))).mul(positive);
    }

    /**
     * {@code ‖m_i‖} as {@code [B,1]} (the row-wise Euclidean distance of {@code m = x − y}): one {@link RowNorms} op in
     * FLOAT and DOUBLE, whose backprop divides by the norm floored at √ν (ν the type's smallest normal number), so a
     * zero row has the subgradient 0; in HALF (where √ν is 0.008) {@link #safeSqrt} of the squared norms, exact to 0.
     */
    static SDVariable rowNorms(SameDiff sd, SDVariable m) {
        DataType type = m.dataType();
        if (type == DataType.FLOAT || type == DataType.DOUBLE) {
            return RowNorms.of(sd, m);
        }
        return safeSqrt(sd, squaredRowNorms(sd, m));
    }

    /** {@code max(‖x_i‖, ε)} as {@code sqrt(max(‖x_i‖², ε²))}: {@code [B,1]}. */
    static SDVariable clampedNorm(SameDiff sd, SDVariable x) {
        double eps = Distance.cosineEps(x.dataType());
        return sd.math().sqrt(sd.scalarMax(squaredRowNorms(sd, x), eps * eps));
    }

    static SDVariable named(SameDiff sd, String name, SDVariable v) {
        return name == null ? v : sd.identity(name, v);
    }
}
