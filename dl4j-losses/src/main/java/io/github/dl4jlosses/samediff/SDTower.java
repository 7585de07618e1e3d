package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The shared part of a Siamese or Triplet model: its variables are created once (when the tower is
 * made) and {@link #apply} reuses them for every input it is applied to, so all branches share
 * weights and SameDiff sums their gradients.
 */
public interface SDTower {

    /** The tower's output (an embedding {@code [B,D]}) for an input {@code [B, inputSize]}. */
    SDVariable apply(SDVariable input);

    /** Creates a tower's variables in a model's {@link SameDiff} (once per model). */
    interface Factory {
        /**
         * Creates the tower's variables in {@code sd} for inputs of {@code inputSize} columns of {@code dataType}.
         * @param sd the graph
         * @param dataType the variables' data type
         * @param inputSize the input width
         * @return the tower, to apply to every branch
         */
        SDTower create(SameDiff sd, DataType dataType, long inputSize);
    }
}
