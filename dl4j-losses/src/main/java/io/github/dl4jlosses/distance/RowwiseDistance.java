package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A row-wise distance {@code d_i = d(x_i, y_i)} evaluated once, together with what its gradient needs
 * (the difference {@code x − y} and, for the Euclidean distance, the distance itself), so a loss that
 * needs the value and the gradient pays for one pass over {@code x} and {@code y} instead of two.
 * Obtained from {@link Distance#rowwiseWithGradient}; {@link Distance#rowwise} is its value alone. A tuple's
 * distances computed by a host pass over its blocks ({@link Distance#rowwiseOfBlocks}) carry their values only
 * ({@link #isOfBlocks}): their gradient is written by that pass's twin from {@link #hostCoefficients}.
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
    /** The distances on the heap when a host pass computed them from the blocks of a tuple, else null. */
    private final float[] hostValues;

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
        this.hostValues = null;
        this.value = compute();
    }

    /** Directional distances a host pass computed (see {@link Distance#rowwiseOfBlocks}), FLOAT {@code [B,1]}. */
    RowwiseDistance(Distance distance, float[] hostValues) {
        this.distance = distance;
        this.x = null;
        this.y = null;
        this.diff = null;
        this.ux = null;
        this.uy = null;
        this.hostValues = hostValues;
        this.value = Nd4j.create(hostValues, new long[]{hostValues.length, 1}, DataType.FLOAT);
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

    /** The distances on the heap, one per row (read from {@link #value()} unless a host pass computed them). */
    public double[] values() {
        if (hostValues == null) {
            return HostValues.doubles(value);
        }
        double[] v = new double[hostValues.length];
        for (int r = 0; r < v.length; r++) {
            v[r] = hostValues[r];
        }
        return v;
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
        if (isOfBlocks()) {
            throw new IllegalStateException("distances a host pass computed from a tuple's blocks have no direction "
                    + "array: their gradient is written by VectorRows.blockGradient from hostCoefficients");
        }
        if (direction == null) {
            direction = distance == Distance.MANHATTAN ? Transforms.sign(diff, true) : diff;
        }
        return direction;
    }

    /** Whether this is the Manhattan distance, whose gradient's direction is the sign of the difference. */
    public boolean isManhattan() {
        return distance == Distance.MANHATTAN;
    }

    /**
     * Whether a host pass computed these distances from the blocks of a tuple ({@link Distance#rowwiseOfBlocks}): then
     * there is no {@link #direction()} array, and {@link #hostCoefficients} gives what {@code VectorRows.blockGradient}
     * needs.
     */
    public boolean isOfBlocks() {
        return hostValues != null;
    }

    /**
     * {@link #coefficient} on the heap for distances {@linkplain #isOfBlocks of blocks}: {@code scale·c} per row, for
     * upstream gradient {@code g} (one value per row). The Euclidean one is {@code g/d}, and 0 where {@code d = 0}
     * (the subgradient the ND4J route takes; a subnormal {@code d} is floored to the smallest normal float).
     */
    public float[] hostCoefficients(double[] g, double scale) {
        if (!isOfBlocks() || g.length != hostValues.length) {
            throw new IllegalArgumentException("expected distances of blocks and one upstream gradient per row ("
                    + (hostValues == null ? "none" : hostValues.length) + "), got " + g.length);
        }
        float[] c = new float[g.length];
        for (int r = 0; r < c.length; r++) {
            switch (distance) {
                case EUCLIDEAN:
                    float d = hostValues[r];
                    c[r] = d > 0 ? (float) (scale * g[r] / Math.max(d, Float.MIN_NORMAL)) : 0f;
                    break;
                case SQUARED_EUCLIDEAN:
                    c[r] = (float) (2 * scale * g[r]);
                    break;
                default:
                    c[r] = (float) (scale * g[r]);
                    break;
            }
        }
        return c;
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
