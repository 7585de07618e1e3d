package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The rows of a {@code [B,D]} array scaled to unit length, {@code x̂ = x / max(‖x‖, ε)} (the normalisation of
 * {@link Distance#COSINE}, same ε), with the way back: for losses that build their own cosine logits from
 * {@code X̂·Ŷᵀ} (one GEMM with their own scale and offset, see {@code LossInfoNCE}) rather than from the
 * distance matrix {@code 1 − X̂·Ŷᵀ}, which would cost them an extra pass over {@code [B,B]} to undo the {@code 1 −}.
 */
public final class UnitRows {
    private final INDArray x;
    private final INDArray norms;
    private final INDArray onSphere;
    /** {@link #unit()}, once asked for (a row-wise cosine distance scored without its gradient never asks). */
    private INDArray unit;

    private UnitRows(INDArray x) {
        INDArray raw = Rows.norms(x);
        this.x = x;
        this.onSphere = Distance.onSphere(raw);                 // kept for the way back: no second norm pass
        this.norms = Transforms.max(raw, Distance.cosineEps(x.dataType()), false);
    }

    /** The unit rows of {@code x} {@code [B,D]} (a zero row stays zero: its norm is floored at ε). */
    public static UnitRows of(INDArray x) {
        return new UnitRows(x);
    }

    /** {@code x̂} {@code [B,D]}. */
    public INDArray unit() {
        if (unit == null) {
            unit = Broadcast.divColumn(x, norms);
        }
        return unit;
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
        return Distance.unitGradientKnowingSphere(dUnit, unit(), onSphere, norms);
    }
}
