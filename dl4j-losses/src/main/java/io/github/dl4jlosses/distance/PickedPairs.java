package io.github.dl4jlosses.distance;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * A gradient {@code G = dL/dM} of a {@code [B,M]} distance matrix that is zero but for a few picked entries per row:
 * {@code G = Σ_k W_ak · e_a e_{J_ak}ᵀ}, with {@code J} {@code [B,K]} column indices (numbers, as the miners keep them)
 * and {@code W} {@code [B,K]} weights (0 where a slot holds nothing; its index is then ignored). Batch-hard mining picks
 * one positive and one negative per anchor ({@code K = 2}); {@link MatrixDistance#pickedGradient} then back-propagates
 * by gathering and scattering rows instead of a {@code [B,M]} matrix and its product with the embeddings.
 */
public final class PickedPairs {
    /** {@code [B,K]} column index of each picked entry. */
    public final INDArray columns;
    /** {@code [B,K]} weight of each picked entry. */
    public final INDArray weights;

    /**
     * @param columns {@code [B,K]} column indices (whole numbers in any numeric type)
     * @param weights {@code [B,K]} weights
     */
    public PickedPairs(INDArray columns, INDArray weights) {
        if (columns.rank() != 2 || !Arrays.equals(columns.shape(), weights.shape())) {
            throw new IllegalArgumentException("PickedPairs: expected column indices and weights of one shape [B,K], got "
                    + Arrays.toString(columns.shape()) + " and " + Arrays.toString(weights.shape()));
        }
        this.columns = columns;
        this.weights = weights;
    }

    /** Number of picked entries per row, K. */
    public long perRow() {
        return columns.columns();
    }
}
