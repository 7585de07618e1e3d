package io.github.dl4jlosses.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Split;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Splits a {@code [B, k·D]} row of concatenated embeddings into its {@code k} blocks and joins block
 * gradients back into one {@code [B, k·D]} gradient.
 * <p>
 * The blocks are contiguous copies, not column views: libnd4j (1.0.0-M2.1) runs elementwise ops on a
 * strided column-block view through its generic index path, ~10× slower than on a contiguous array
 * (1.3 ms vs 0.12 ms for a {@code [1024,512]} FLOAT subtraction, one thread), while one {@code split}
 * and one {@code concat} cost ~0.2 ms each. Copies also keep a loss from ever writing into its input.
 */
final class Tuple {
    private Tuple() {
    }

    /** The {@code k} blocks of {@code x} ({@code [B, k·D]}), each a contiguous {@code [B, D]} array. */
    static INDArray[] split(INDArray x, int k) {
        return Nd4j.exec(new Split(x, k, 1));
    }

    /**
     * The {@code k} blocks of {@code x} as column-block views, for matrix products only: BLAS reads (and writes) their
     * strided rows directly, so a loss whose blocks only enter products skips the {@link #split} and {@link #join}
     * copies; element-wise ops on these views take the slow path described above.
     */
    static INDArray[] views(INDArray x, int k) {
        long d = x.size(1) / k;
        INDArray[] blocks = new INDArray[k];
        for (int i = 0; i < k; i++) {
            blocks[i] = x.get(NDArrayIndex.all(), NDArrayIndex.interval(i * d, (i + 1) * d));
        }
        return blocks;
    }

    /** A zero array shaped like each block, to accumulate its gradient in. */
    static INDArray[] zerosLike(INDArray[] blocks) {
        INDArray[] zeros = new INDArray[blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            zeros[i] = Nd4j.zeros(blocks[i].dataType(), blocks[i].shape());
        }
        return zeros;
    }

    /** The {@code [B, k·D]} gradient whose blocks are {@code blockGradients}. */
    static INDArray join(INDArray... blockGradients) {
        return Nd4j.concat(1, blockGradients);
    }
}
