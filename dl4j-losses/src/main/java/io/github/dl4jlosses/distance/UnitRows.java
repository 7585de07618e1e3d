package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.Rows;
import io.github.dl4jlosses.ops.VectorRows;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The rows of a {@code [B,D]} array scaled to unit length, {@code x̂ = x / max(‖x‖, ε)} (the normalisation of
 * {@link Distance#COSINE}, same ε), with the way back: for losses that build their own cosine logits from
 * {@code X̂·Ŷᵀ} (one GEMM with their own scale and offset, see {@code LossInfoNCE}) rather than from the
 * distance matrix {@code 1 − X̂·Ŷᵀ}, which would cost them an extra pass over {@code [B,B]} to undo the {@code 1 −}.
 * <p>
 * Where {@link VectorRows} takes {@code x} (FLOAT: the JDK's Vector API or plain loops), the norms, the unit rows and
 * the way back are one pass each on the host, where libnd4j's generic natives take three to four (InfoNCE's
 * {@code [2048,512]} rows at 1024×512, in a workspace, 2 cores: norms and unit rows 0.62–0.79 against 1.19–1.79 ms,
 * the way back 0.37–0.42 against 1.43–1.68 ms); the values agree to FLOAT's rounding ({@code x̂} is {@code x} times
 * the reciprocal of the norm there, not divided by it).
 */
public final class UnitRows {
    private final INDArray x;
    private final INDArray norms;
    private final INDArray onSphere;
    /** {@code ‖x_i‖} as computed, before the floor. */
    private final INDArray rawNorms;
    /** {@link #unit()}, once asked for (a row-wise cosine distance scored without its gradient never asks). */
    private INDArray unit;

    /** On the host ({@link VectorRows}): {@code 1/max(‖x_i‖, ε)} and {@link #onSphere} as heap values; else null. */
    private final float[] inverseNorms;
    private final float[] along;

    private UnitRows(INDArray x) {
        this.x = x;
        if (VectorRows.acceptsOnHost(x)) {                      // FLOAT: the columns are made from heap floats
            float[] squared = VectorRows.squaredNorms(x);
            double eps = Distance.cosineEps(x.dataType());
            float[] raw = new float[squared.length];
            float[] clamped = new float[squared.length];
            inverseNorms = new float[squared.length];
            along = new float[squared.length];
            for (int i = 0; i < squared.length; i++) {
                double norm = Math.sqrt(squared[i]);
                raw[i] = (float) norm;
                along[i] = norm >= eps ? 1 : 0;
                double floored = Math.max(norm, eps);
                clamped[i] = (float) floored;
                inverseNorms[i] = (float) (1 / floored);
            }
            this.rawNorms = HostValues.column(raw);
            this.onSphere = HostValues.column(along);
            this.norms = HostValues.column(clamped);
            return;
        }
        inverseNorms = null;
        along = null;
        INDArray raw = Rows.norms(x);
        this.rawNorms = raw;
        this.onSphere = Distance.onSphere(raw);                 // kept for the way back: no second norm pass
        this.norms = Transforms.max(raw, Distance.cosineEps(x.dataType()), true);   // raw stays as computed
    }

    /** The unit rows of {@code x} {@code [B,D]} (a zero row stays zero: its norm is floored at ε). */
    public static UnitRows of(INDArray x) {
        return new UnitRows(x);
    }

    /** {@code x̂} {@code [B,D]}. */
    public INDArray unit() {
        if (unit == null && onHost(x)) {
            unit = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
            VectorRows.scale(x, inverseNorms, unit);
        } else if (unit == null) {
            unit = Broadcast.divColumn(x, norms);
        }
        return unit;
    }

    /**
     * {@code ‖x_i‖} {@code [B,1]} as computed, before the floor: not finite exactly where row i has a NaN or an
     * infinity, or where its squares overflow the data type (a loss can check its input through them, see
     * {@code RankingLoss.requireFiniteDistances}).
     */
    public INDArray rawNorms() {
        return rawNorms;
    }

    /** {@code max(‖x_i‖, ε)} {@code [B,1]}: the norms the rows are divided by. */
    public INDArray norms() {
        return norms;
    }

    /** {@code dL/dx} {@code [B,D]} from {@code dL/dx̂} {@code [B,D]} (a new array; {@code dUnit} is left as it is). */
    public INDArray gradient(INDArray dUnit) {
        return gradientInPlace(dUnit.dup());
    }

    /**
     * {@link #gradient} written over {@code dUnit} (a contiguous {@code [B,D]} array, or a reshape of one, not needed
     * after): a loss that returns {@code dL/dx} computes it in the array it returns.
     *
     * @return {@code dUnit}, now {@code dL/dx}
     */
    public INDArray gradientInPlace(INDArray dUnit) {
        INDArray u = unit();
        if (onHost(dUnit) && VectorRows.acceptsOnHost(u)) {
            VectorRows.removeAlong(dUnit, u, along, inverseNorms);
            return dUnit;
        }
        return Distance.unitGradientKnowingSphere(dUnit, u, onSphere, norms);
    }

    /**
     * {@code 1/max(‖x_i‖, ε)} on the heap (a copy), where {@link VectorRows} took the norms; else null. With them a
     * caller can take products of the raw rows and scale the results, instead of forming {@link #unit()}.
     */
    public float[] inverseNormsOnHost() {
        return inverseNorms == null ? null : inverseNorms.clone();
    }

    /**
     * {@code dL/dx} from {@code g_i = max(‖x_i‖, ε)·dL/dx̂_i} (the gradient w.r.t. the unit rows, each row times its
     * floored norm: what a product with a caller's scaled matrix and {@code x}'s raw rows gives), in place:
     * {@code g_i − [‖x_i‖ ≥ ε]·(g_i·x_i)/max(‖x_i‖, ε)²·x_i}, the way back of {@link #gradientInPlace} read through
     * the raw rows. Only where {@link #inverseNormsOnHost} is not null and {@link VectorRows} takes {@code g}.
     *
     * @return {@code g}, now {@code dL/dx}
     */
    public INDArray gradientThroughRawRowsInPlace(INDArray g) {
        if (!onHost(g) || !VectorRows.acceptsOnHost(x)) {
            throw new IllegalArgumentException("expected the norms and arrays on the host (VectorRows), got " + g);
        }
        float[] alongRaw = new float[along.length];
        float[] ones = new float[along.length];
        for (int i = 0; i < along.length; i++) {
            alongRaw[i] = along[i] * inverseNorms[i] * inverseNorms[i];
            ones[i] = 1;
        }
        VectorRows.removeAlong(g, x, alongRaw, ones);
        return g;
    }

    /** Whether {@code a} goes to {@link VectorRows} (and the norms were taken there). */
    private boolean onHost(INDArray a) {
        return inverseNorms != null && VectorRows.acceptsOnHost(a);
    }
}
