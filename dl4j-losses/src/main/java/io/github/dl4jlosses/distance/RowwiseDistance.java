package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A row-wise distance {@code d_i = d(x_i, y_i)} evaluated once, together with what its gradient needs
 * (the difference {@code x − y} and, for the Euclidean distance, the distance itself), so a loss that
 * needs the value and the gradient pays for one pass over {@code x} and {@code y} instead of two.
 * Obtained from {@link Distance#rowwiseWithGradient}; {@link Distance#rowwise} is its value alone.
 */
public final class RowwiseDistance {
    private final Distance distance;
    private final INDArray x;
    private final INDArray y;
    /** x − y for the Minkowski-type distances, null for cosine. */
    private final INDArray diff;
    /** Cosine only: the unit rows (their norms now, the rows themselves when the gradient asks). */
    private final UnitRows ux;
    private final UnitRows uy;
    /** The distances {@code [B,1]}. */
    private final INDArray value;
    /** {@link #direction()}, once asked for. */
    private INDArray direction;

    RowwiseDistance(Distance distance, INDArray x, INDArray y) {
        this(distance, x, y, distance == Distance.COSINE ? null : x.sub(y));
    }

    /** A directional distance from the difference {@code x − y} alone (see {@link Distance#rowwiseOfDifference}). */
    RowwiseDistance(Distance distance, INDArray difference) {
        this(distance, null, null, difference);
    }

    private RowwiseDistance(Distance distance, INDArray x, INDArray y, INDArray diff) {
        this.distance = distance;
        this.x = x;
        this.y = y;
        this.diff = diff;
        ux = distance == Distance.COSINE ? UnitRows.of(x) : null;
        uy = distance == Distance.COSINE ? UnitRows.of(y) : null;
        this.value = compute();
    }

    private INDArray compute() {
        switch (distance) {
            case EUCLIDEAN:
                return Rows.norms(diff);
            case SQUARED_EUCLIDEAN:
                return Rows.squaredNorms(diff);
            case MANHATTAN:
                return Transforms.abs(diff, true).sum(true, 1);
            case COSINE: {
                return Rows.dot(x, y).divi(ux.norms().mul(uy.norms())).rsubi(1.0);
            }
            default:
                throw new AssertionError(distance);
        }
    }

    /** The distances {@code [B,1]}. */
    public INDArray value() {
        return value;
    }

    /**
     * The gradient of a loss with upstream gradient {@code g = dL/dd} ({@code [B,1]}): {@code {dL/dx, dL/dy}},
     * each a new {@code [B,D]} array.
     */
    public INDArray[] gradient(INDArray g) {
        if (distance == Distance.COSINE) {
            return cosineGradient(g);
        }
        INDArray u = towardX(g);
        return new INDArray[]{u, u.neg()};
    }

    /** d = 1 − c, c = x̂·ŷ; dc/dx = (ŷ − c·x̂)/‖x‖ on the unit sphere (x/ε inside the ε-ball). */
    private INDArray[] cosineGradient(INDArray g) {
        INDArray negG = g.neg();
        INDArray gxh = Broadcast.mulColumn(uy.unit(), negG);
        INDArray gyh = Broadcast.mulColumn(ux.unit(), negG);
        return new INDArray[]{ux.gradientInPlace(gxh), uy.gradientInPlace(gyh)};
    }

    /**
     * Adds the gradient of a loss with upstream gradient {@code g = dL/dd} ({@code [B,1]}) to
     * {@code gx += dL/dx} and {@code gy += dL/dy} (each {@code [B,D]}, views allowed; either may be null).
     */
    public void addGradient(INDArray g, INDArray gx, INDArray gy) {
        if (distance == Distance.COSINE) {
            INDArray[] both = cosineGradient(g);
            if (gx != null) {
                gx.addi(both[0]);
            }
            if (gy != null) {
                gy.addi(both[1]);
            }
            return;
        }
        INDArray u = towardX(g);
        if (gx != null) {
            gx.addi(u);
        }
        if (gy != null) {
            gy.subi(u);
        }
    }

    /** dL/dx for the Minkowski-type distances (dL/dy is its negative). */
    private INDArray towardX(INDArray g) {
        return Broadcast.mulColumn(direction(), coefficient(g));
    }

    /**
     * Whether the gradient is a per-row multiple of one {@code [B,D]} array: {@code dL/dx = c ⊙ direction()} and
     * {@code dL/dy = −dL/dx}, with {@code c = coefficient(g)} ({@link Distance#isDirectional}).
     */
    public boolean isDirectional() {
        return distance.isDirectional();
    }

    /**
     * For a {@linkplain #isDirectional directional} distance, the {@code [B,D]} array each row's gradient is a
     * multiple of: {@code x − y}, or its sign for Manhattan (computed once). Not to be written into.
     */
    public INDArray direction() {
        if (!isDirectional()) {
            throw new IllegalStateException("the cosine distance's gradient has no single direction");
        }
        if (direction == null) {
            direction = distance == Distance.MANHATTAN ? Transforms.sign(diff, true) : diff;
        }
        return direction;
    }

    /**
     * For a {@linkplain #isDirectional directional} distance and upstream gradient {@code g = dL/dd} ({@code [B,1]}):
     * the per-row {@code c} ({@code [B,1]}) with {@code dL/dx = c ⊙ direction()}. Not to be written into (for
     * Manhattan it is {@code g} itself).
     */
    public INDArray coefficient(INDArray g) {
        switch (distance) {
            case EUCLIDEAN:
                return Distance.safeReciprocal(value).muli(g);
            case SQUARED_EUCLIDEAN:
                return g.mul(2.0);
            case MANHATTAN:
                return g;
            default:
                throw new IllegalStateException("the cosine distance's gradient has no single direction");
        }
    }
}
