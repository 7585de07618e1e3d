package io.github.dl4jlosses.spark.example;

import io.github.dl4jlosses.ops.HostValues;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Synthetic clustered data: {@link #CLASSES} classes whose centres sit at (±1.5, ±1.5) in two coordinates (noise
 * σ = 0.3), and (by default {@link #DIM} − 2) class-free coordinates of noise σ = 2. Raw distances are dominated by the noise (a
 * random triplet is ordered correctly ~60% of the time), so an embedding must learn to ignore it.
 */
public final class ClusteredData {
    /** Number of classes. */
    public static final int CLASSES = 4;
    /** Features per example. */
    public static final int DIM = 8;

    private ClusteredData() {
    }

    /** {@code n} examples of {@link #DIM} features, classes in turn, with class ids {@code [n,1]} as labels. */
    public static DataSet labelled(int n, long seed) {
        return labelled(n, DIM, seed);
    }

    /** {@code n} examples of {@code dim} ≥ 3 features (two informative, the rest noise), class ids {@code [n,1]}. */
    public static DataSet labelled(int n, int dim, long seed) {
        if (dim < 3) {
            throw new IllegalArgumentException("ClusteredData: expected dim >= 3, got " + dim);
        }
        Random random = new Random(seed);
        float[][] x = new float[n][dim];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            x[i][0] = (float) (((c & 1) == 0 ? -1.5 : 1.5) + 0.3 * random.nextGaussian());
            x[i][1] = (float) (((c & 2) == 0 ? -1.5 : 1.5) + 0.3 * random.nextGaussian());
            for (int k = 2; k < dim; k++) {
                x[i][k] = (float) (2.0 * random.nextGaussian());
            }
            y[i][0] = c;
        }
        return new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    /**
     * Over every (anchor, positive, negative) of distinct examples with y[a] = y[p] ≠ y[n], the fraction ordered
     * correctly by the all-pairs {@code distances}, d(a,p) &lt; d(a,n).
     */
    public static double tripletAccuracy(INDArray distances, INDArray classIds) {
        double[][] d = HostValues.doubleRows(distances.castTo(DataType.DOUBLE));
        int[] y = classIds.castTo(DataType.INT).toIntVector();
        long good = 0;
        long all = 0;
        for (int a = 0; a < y.length; a++) {
            for (int p = 0; p < y.length; p++) {
                if (p == a || y[p] != y[a]) {
                    continue;
                }
                for (int n = 0; n < y.length; n++) {
                    if (y[n] != y[a]) {
                        all++;
                        if (d[a][p] < d[a][n]) {
                            good++;
                        }
                    }
                }
            }
        }
        return (double) good / all;
    }
}
