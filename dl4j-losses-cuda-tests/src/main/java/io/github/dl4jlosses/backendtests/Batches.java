package io.github.dl4jlosses.backendtests;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Synthetic training batches for trajectories: {@value #CLASSES} Gaussian clusters in
 * {@value #FEATURES} dimensions (centres fixed by a constant seed), noise 0.6, batches of
 * {@value #BATCH}.
 */
public final class Batches {
    public static final int FEATURES = 6;
    public static final int BATCH = 8;
    static final int CLASSES = 4;
    private static final double NOISE = 0.6;

    private Batches() {
    }

    /** Inputs {@code left, right}; label {@code [B,1]} 1 for a same-cluster pair (every other row), else 0. */
    public static BatchFactory pairs() {
        double[][] centres = centres();
        return rnd -> {
            double[][] left = new double[BATCH][];
            double[][] right = new double[BATCH][];
            double[][] labels = new double[BATCH][1];
            for (int i = 0; i < BATCH; i++) {
                int a = rnd.nextInt(CLASSES);
                boolean same = i % 2 == 0;
                int b = same ? a : (a + 1 + rnd.nextInt(CLASSES - 1)) % CLASSES;
                left[i] = sample(centres[a], rnd);
                right[i] = sample(centres[b], rnd);
                labels[i][0] = same ? 1 : 0;
            }
            return new MultiDataSet(new INDArray[]{Nd4j.createFromArray(left), Nd4j.createFromArray(right)},
                    new INDArray[]{Nd4j.createFromArray(labels)});
        };
    }

    /** Inputs {@code anchor, positive, negative} (positive from the anchor's cluster); labels zeros {@code [B,1]}. */
    public static BatchFactory triplets() {
        double[][] centres = centres();
        return rnd -> {
            double[][][] x = new double[3][BATCH][];
            for (int i = 0; i < BATCH; i++) {
                int a = rnd.nextInt(CLASSES);
                int n = (a + 1 + rnd.nextInt(CLASSES - 1)) % CLASSES;
                x[0][i] = sample(centres[a], rnd);
                x[1][i] = sample(centres[a], rnd);
                x[2][i] = sample(centres[n], rnd);
            }
            INDArray[] in = {Nd4j.createFromArray(x[0]), Nd4j.createFromArray(x[1]), Nd4j.createFromArray(x[2])};
            return new MultiDataSet(in, new INDArray[]{Nd4j.zeros(in[0].dataType(), BATCH, 1)});
        };
    }

    /** Input {@code x} {@code [B, FEATURES]}; label {@code [B,1]} the class id of the row's cluster (0..3). */
    public static BatchFactory labelled() {
        double[][] centres = centres();
        return rnd -> {
            double[][] x = new double[BATCH][];
            double[][] labels = new double[BATCH][1];
            for (int i = 0; i < BATCH; i++) {
                int c = rnd.nextInt(CLASSES);
                x[i] = sample(centres[c], rnd);
                labels[i][0] = c;
            }
            return new MultiDataSet(new INDArray[]{Nd4j.createFromArray(x)},
                    new INDArray[]{Nd4j.createFromArray(labels)});
        };
    }

    private static double[][] centres() {
        Random r = new Random(20240611L);
        double[][] c = new double[CLASSES][FEATURES];
        for (double[] row : c) {
            for (int k = 0; k < FEATURES; k++) {
                row[k] = r.nextGaussian();
            }
        }
        return c;
    }

    private static double[] sample(double[] centre, Random rnd) {
        double[] v = new double[centre.length];
        for (int k = 0; k < v.length; k++) {
            v[k] = centre[k] + NOISE * rnd.nextGaussian();
        }
        return v;
    }
}
