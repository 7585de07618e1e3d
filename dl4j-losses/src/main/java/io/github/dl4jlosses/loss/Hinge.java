package io.github.dl4jlosses.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Numerically safe pieces shared by hinge-style losses. */
final class Hinge {
    private Hinge() {
    }

    /** {@code log(1 + exp(z)) = max(z, 0) + log1p(exp(−|z|))}: no overflow for large |z|. */
    static INDArray softplus(INDArray z) {
        INDArray tail = Transforms.log1p(Transforms.exp(Transforms.abs(z, true).negi(), false), false);
        return Transforms.relu(z, true).addi(tail);
    }

    /** {@code relu(z + m)}, or {@code softplus(z)} when {@code soft} (the margin is then unused). */
    static INDArray value(INDArray z, double margin, boolean soft) {
        return soft ? softplus(z) : Transforms.relu(z.add(margin), false);
    }

    /** Derivative of {@link #value} in z: {@code [z + m > 0]}, or {@code sigmoid(z)} when {@code soft}. */
    static INDArray slope(INDArray z, double margin, boolean soft) {
        return soft ? Transforms.sigmoid(z, true) : z.add(margin).gt(0.0).castTo(z.dataType());
    }
}
