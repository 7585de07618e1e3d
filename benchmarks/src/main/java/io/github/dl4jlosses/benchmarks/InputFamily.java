package io.github.dl4jlosses.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The input families of DESIGN.md ("How a loss sees its input"), each able to make a random
 * {@code (labels, preOutput)} pair for a shape {@code (B, D)}; embeddings are standard normal.
 */
public enum InputFamily {
    /** {@code [B,2D] = [x1 | x2]}, labels {@code [B,1]} of 0/1 (half similar). */
    PAIR(2),
    /** {@code [B,3D] = [a | p | n]}, labels {@code [B,1]} (ignored). */
    TRIPLET(3),
    /** {@code [B,5D] = [a | p1 p2 | n1 n2]} (P = N = 2), labels {@code [B,1]} (ignored). */
    MULTI_SAMPLE_2_2(5),
    /** {@code [B,2D] = [anchor | positive]}, every row its own class: labels {@code [B,1]} = 0..B−1. */
    PAIR_BATCH(2),
    /** {@code [B,D]} embeddings of a P×K batch with K = 4 samples per class: labels {@code [B,1]} = i / 4. */
    LABELLED(1);

    /** Samples per class in a {@link #LABELLED} batch. */
    public static final int K = 4;

    /** Number of {@code [B,D]} blocks of preOutput. */
    public final int blocks;

    InputFamily(int blocks) {
        this.blocks = blocks;
    }

    /** Random inputs for this family; the same seed gives the same arrays. */
    public BenchInputs create(BenchShape shape, DataType type, long seed) {
        int b = shape.batch;
        Nd4j.getRandom().setSeed(seed);
        INDArray preOutput = Nd4j.randn(type, b, (long) blocks * shape.dim);
        float[] labels = new float[b];
        for (int i = 0; i < b; i++) {
            switch (this) {
                case PAIR:
                    labels[i] = i % 2;
                    break;
                case PAIR_BATCH:
                    labels[i] = i;
                    break;
                case LABELLED:
                    labels[i] = i / K;
                    break;
                default:
                    labels[i] = 0;
            }
        }
        return new BenchInputs(Nd4j.createFromArray(labels).reshape(b, 1).castTo(type), preOutput);
    }
}
