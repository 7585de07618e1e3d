package io.github.dl4jlosses.heads;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a head computes for one batch: the per-example losses and, when asked for, the gradients of their sum
 * (DL4J's convention: the gradient of {@code B × score}; DL4J's updater divides by the minibatch size).
 */
public final class HeadResult {
    private final INDArray perExample;
    private final INDArray embeddingGradient;
    private final INDArray weightGradient;

    HeadResult(INDArray perExample, INDArray embeddingGradient, INDArray weightGradient) {
        this.perExample = perExample;
        this.embeddingGradient = embeddingGradient;
        this.weightGradient = weightGradient;
    }

    /** {@code [B,1]}: each row's contribution; their mean is {@link #score()}, masked rows are 0. */
    public INDArray perExample() {
        return perExample;
    }

    /** The loss of the batch as its paper defines it: the mean of {@link #perExample()} over all B rows. */
    public double score() {
        return perExample.sumNumber().doubleValue() / perExample.size(0);
    }

    /** {@code [B,D]}: d(B·score)/d(embeddings), or null when no gradient was asked for. */
    public INDArray embeddingGradient() {
        return embeddingGradient;
    }

    /** {@code [D, C·K]}: d(B·score)/d(class weights), or null when no gradient was asked for. */
    public INDArray weightGradient() {
        return weightGradient;
    }
}
