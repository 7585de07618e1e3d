package io.github.dl4jlosses.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Splits a {@code [B, k·D]} row of concatenated embeddings into its {@code k} blocks (views, no copy)
 * and builds the matching gradient.
 */
final class Tuple {
    private Tuple() {
    }

    /** Block {@code i} (0-based) of width {@code d}: a view {@code [B, d]}. */
    static INDArray block(INDArray x, int i, long d) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(i * d, (i + 1) * d));
    }

    /** A zero gradient of {@code x}'s shape and type, to be filled block by block with {@link #add}. */
    static INDArray zerosLike(INDArray x) {
        return Nd4j.zeros(x.dataType(), x.shape());
    }

    static void add(INDArray gradient, int i, long d, INDArray blockGradient) {
        block(gradient, i, d).addi(blockGradient);
    }
}
