package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.ops.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A row-wise distance {@code d_i = d(x_i, y_i)} evaluated once, together with what its gradient needs
 * (the difference {@code x − y} and, for the Euclidean distance, the distance itself), so a loss that
 * needs the value and the gradient pays for one pass over {@code x} and {@code y} instead of two.
 * Obtained from {@link Distance#rowwiseWithGradient}; values agree with {@link Distance#rowwise} and
 * gradients with {@link Distance#rowwiseGradient}.
 */
public final class RowwiseDistance {
    private final Distance distance;
    private final INDArray x;
    private final INDArray y;
    /** x − y for the Minkowski-type distances, null for cosine. */
    private final INDArray diff;
    private final INDArray value;

    RowwiseDistance(Distance distance, INDArray x, INDArray y) {
        this.distance = distance;
        this.x = x;
        this.y = y;
        switch (distance) {
            case EUCLIDEAN:
                diff = x.sub(y);
                value = diff.norm2(true, 1);
                break;
            case SQUARED_EUCLIDEAN: {
                diff = x.sub(y);
                INDArray n = diff.norm2(true, 1);
                value = n.muli(n);
                break;
            }
            case MANHATTAN:
                diff = x.sub(y);
                value = Transforms.abs(diff, true).sum(true, 1);
                break;
            case COSINE:
                diff = null;
                value = distance.rowwise(x, y);
                break;
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
            return distance.rowwiseGradient(x, y, g);
        }
        INDArray u = towardX(g);
        return new INDArray[]{u, u.neg()};
    }

    /**
     * Adds the gradient of a loss with upstream gradient {@code g = dL/dd} ({@code [B,1]}) to
     * {@code gx += dL/dx} and {@code gy += dL/dy} (each {@code [B,D]}, views allowed; either may be null).
     */
    public void addGradient(INDArray g, INDArray gx, INDArray gy) {
        if (distance == Distance.COSINE) {
            INDArray[] both = distance.rowwiseGradient(x, y, g);
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
        switch (distance) {
            case EUCLIDEAN:
                return Broadcast.mulColumn(diff, Distance.safeReciprocal(value).muli(g));
            case SQUARED_EUCLIDEAN:
                return Broadcast.mulColumn(diff, g.mul(2.0));
            case MANHATTAN:
                return Broadcast.muliColumn(Transforms.sign(diff, true), g);
            default:
                throw new AssertionError(distance);
        }
    }
}
