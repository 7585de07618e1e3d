package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small towers for the graph tests, with their parameter counts worked out by hand. */
final class Towers {
    private Towers() {
    }

    static final int DENSE_IN = 4;
    static final int EMBEDDING = 3;
    /** Dense 4→5 (4·5+5 = 25) and 5→3 (5·3+3 = 18). */
    static final long DENSE_PARAMS = 25 + 18;
    /** Conv 2×2, 1→2 channels on 4×4 (2·1·2·2+2 = 10), then dense 3·3·2=18 → 3 (18·3+3 = 57). */
    static final long CONV_PARAMS = 10 + 57;

    static Tower dense() {
        return Tower.of(InputType.feedForward(DENSE_IN),
                new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(),
                new DenseLayer.Builder().nOut(EMBEDDING).activation(Activation.TANH).build());
    }

    static Tower conv() {
        return Tower.of(InputType.convolutional(4, 4, 1),
                new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build(),
                new DenseLayer.Builder().nOut(EMBEDDING).activation(Activation.TANH).build());
    }

    static long params(boolean conv) {
        return conv ? CONV_PARAMS : DENSE_PARAMS;
    }

    static Tower of(boolean conv) {
        return conv ? conv() : dense();
    }

    /** Seeded Gaussian input of the tower's shape: {@code [b, 4]} or {@code [b, 1, 4, 4]}. */
    static INDArray input(boolean conv, DataType type, long seed, int b) {
        INDArray flat = RandomArrays.gaussian(type, seed, b, conv ? 16 : DENSE_IN);
        return conv ? flat.reshape('c', b, 1, 4, 4) : flat;
    }
}
