package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * A stack of dense layers {@code h ← act(h·W_i + b_i)} as a {@link SDTower}: the hidden layers use one
 * activation, the last one none (the embedding). Variables are named {@code <prefix>/W<i>} ({@code [in,out]},
 * as DL4J's {@code DenseLayer} "W") and {@code <prefix>/b<i>} ({@code [1,out]}, as "b"), Xavier-initialised
 * (normal, variance {@code 2/(in+out)}) from a seed, biases 0.
 */
public final class SDDenseTower implements SDTower {
    private final SameDiff sd;
    private final SDVariable[] weights;
    private final SDVariable[] biases;
    private final Activation hidden;

    /**
     * @param sizes output sizes of the layers, the last being the embedding width D
     */
    public SDDenseTower(SameDiff sd, String prefix, DataType dataType, long inputSize, Activation hidden, long seed,
                      long... sizes) {
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException("SDDenseTower: expected at least one layer size, got none");
        }
        if (inputSize <= 0) {
            throw new IllegalArgumentException("SDDenseTower: expected inputSize >= 1, got " + inputSize);
        }
        activate(sd, hidden, null); // rejects an unsupported activation before any variable exists
        this.sd = sd;
        this.hidden = hidden;
        this.weights = new SDVariable[sizes.length];
        this.biases = new SDVariable[sizes.length];
        Random random = new Random(seed);
        long in = inputSize;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] <= 0) {
                throw new IllegalArgumentException("SDDenseTower: expected layer sizes >= 1, got " + sizes[i] + " at " + i);
            }
            weights[i] = sd.var(prefix + "/W" + i, xavier(random, dataType, in, sizes[i]));
            biases[i] = sd.var(prefix + "/b" + i, Nd4j.zeros(dataType, 1, sizes[i]));
            in = sizes[i];
        }
    }

    /** A factory for {@link SharedTowerModel}: variables under {@code "tower"}. */
    public static SDTower.Factory factory(Activation hidden, long seed, long... sizes) {
        return (sd, dataType, inputSize) -> new SDDenseTower(sd, "tower", dataType, inputSize, hidden, seed, sizes);
    }

    @Override
    public SDVariable apply(SDVariable input) {
        SDVariable h = input;
        for (int i = 0; i < weights.length; i++) {
            h = h.mmul(weights[i]).add(biases[i]);
            if (i < weights.length - 1) {
                h = activate(sd, hidden, h);
            }
        }
        return h;
    }

    /** @return the number of dense layers in the tower */
    public int layers() {
        return weights.length;
    }

    /** Weight variable {@code [in,out]} of layer {@code i}. */
    public SDVariable weight(int i) {
        return weights[i];
    }

    /** Bias variable {@code [1,out]} of layer {@code i}. */
    public SDVariable bias(int i) {
        return biases[i];
    }

    private static INDArray xavier(Random random, DataType type, long in, long out) {
        double std = Math.sqrt(2.0 / (in + out));
        double[][] w = new double[(int) in][(int) out];
        for (double[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian() * std;
            }
        }
        return Nd4j.createFromArray(w).castTo(type);
    }

    /** The activation as SameDiff ops; {@code x == null} only checks that it is supported. */
    static SDVariable activate(SameDiff sd, Activation activation, SDVariable x) {
        switch (activation == null ? Activation.CUBE : activation) {
            case IDENTITY:
                return x;
            case TANH:
                return x == null ? null : sd.math().tanh(x);
            case RELU:
                return x == null ? null : sd.nn().relu(x, 0.0);
            case SIGMOID:
                return x == null ? null : sd.nn().sigmoid(x);
            default:
                throw new IllegalArgumentException(
                        "SDDenseTower: expected a hidden activation of IDENTITY, TANH, RELU or SIGMOID, got " + activation);
        }
    }
}
