package io.github.dl4jlosses.heads;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A head's loss seen as a function of the cosine matrix: per-example losses and d(Σ losses)/d(cos). */
final class CosineTerms {
    final INDArray perExample;
    /** {@code [B, C·K]}, or null when no gradient was asked for. */
    final INDArray cosineGradient;

    CosineTerms(INDArray perExample, INDArray cosineGradient) {
        this.perExample = perExample;
        this.cosineGradient = cosineGradient;
    }
}
