package io.github.dl4jlosses.heads;

import lombok.AccessLevel;
import lombok.AllArgsConstructor;
import lombok.Getter;
import lombok.experimental.Accessors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a head computes for one batch: the per-example losses and, when asked for, the gradients of their sum
 * (DL4J's convention: the gradient of {@code B × score}; DL4J's updater divides by the minibatch size).
 */
@Getter
@Accessors(fluent = true)
@AllArgsConstructor(access = AccessLevel.PACKAGE)
public final class HeadResult {
    /** {@code [B,1]}: each row's contribution; their mean is {@link #score()}, masked rows are 0. */
    private final INDArray perExample;
    /** {@code [B,D]}: d(B·score)/d(embeddings), or null when no gradient was asked for. */
    private final INDArray embeddingGradient;
    /** {@code [D, C·K]}: d(B·score)/d(class weights), or null when no gradient was asked for. */
    private final INDArray weightGradient;

    /** The loss of the batch as its paper defines it: the mean of {@link #perExample()} over all B rows. */
    public double score() {
        return perExample.sumNumber().doubleValue() / perExample.size(0);
    }
}
