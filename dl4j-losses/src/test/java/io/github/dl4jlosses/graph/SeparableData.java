package io.github.dl4jlosses.graph;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Labelled points whose class is linearly separable but hidden from raw distances: the class sets two
 * informative coordinates (prototypes at (±1.5, ±1.5), noise σ = 0.3), six more coordinates are class-free
 * noise with σ = 2. Raw Euclidean distance is dominated by the noise (a random triplet is ordered correctly
 * only about 60% of the time), so a good embedding has to learn to ignore it.
 */
final class SeparableData {
    static final int CLASSES = 4;
    static final int DIM = 8;

    private final Random random;

    SeparableData(long seed) {
        this.random = new Random(seed);
    }

    int randomClass() {
        return random.nextInt(CLASSES);
    }

    int otherClass(int c) {
        return (c + 1 + random.nextInt(CLASSES - 1)) % CLASSES;
    }

    double[] point(int c) {
        double[] x = new double[DIM];
        x[0] = ((c & 1) == 0 ? -1.5 : 1.5) + 0.3 * random.nextGaussian();
        x[1] = ((c & 2) == 0 ? -1.5 : 1.5) + 0.3 * random.nextGaussian();
        for (int k = 2; k < DIM; k++) {
            x[k] = 2.0 * random.nextGaussian();
        }
        return x;
    }

    /** {@code n} points and their classes. */
    Labelled labelled(int n) {
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
            x[i] = point(y[i]);
        }
        return new Labelled(Nd4j.createFromArray(x).castTo(DataType.FLOAT), y);
    }

    /** {@code n} pairs, half of the same class (label 1), half of different classes (label 0). */
    MultiDataSet pairs(int n) {
        double[][] left = new double[n][];
        double[][] right = new double[n][];
        double[][] same = new double[n][1];
        for (int i = 0; i < n; i++) {
            int c = randomClass();
            boolean s = i % 2 == 0;
            left[i] = point(c);
            right[i] = point(s ? c : otherClass(c));
            same[i][0] = s ? 1 : 0;
        }
        return new MultiDataSet(new INDArray[]{f(left), f(right)}, new INDArray[]{f(same)});
    }

    /** {@code n} triplets (anchor, positive of its class, negative of another class); labels are zeros. */
    MultiDataSet triplets(int n) {
        double[][] a = new double[n][];
        double[][] p = new double[n][];
        double[][] q = new double[n][];
        for (int i = 0; i < n; i++) {
            int c = randomClass();
            a[i] = point(c);
            p[i] = point(c);
            q[i] = point(otherClass(c));
        }
        return new MultiDataSet(new INDArray[]{f(a), f(p), f(q)},
                new INDArray[]{Nd4j.zeros(DataType.FLOAT, n, 1)});
    }

    private static INDArray f(double[][] v) {
        return Nd4j.createFromArray(v).castTo(DataType.FLOAT);
    }

    /** Points with class ids. */
    static final class Labelled {
        final INDArray x;
        final int[] y;

        Labelled(INDArray x, int[] y) {
            this.x = x;
            this.y = y;
        }

        /**
         * Over every (anchor, positive, negative) of distinct points with y[a] = y[p] ≠ y[n], the fraction whose
         * distances (from the given all-pairs distance matrix) are ordered correctly, d(a,p) &lt; d(a,n).
         */
        double tripletAccuracy(INDArray distances) {
            double[][] d = distances.castTo(DataType.DOUBLE).toDoubleMatrix();
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

        /** Mean distance over same-class pairs (i ≠ j) minus mean distance over different-class pairs. */
        double meanSameMinusMeanDifferent(INDArray distances) {
            double[][] d = distances.castTo(DataType.DOUBLE).toDoubleMatrix();
            double same = 0;
            double diff = 0;
            int ns = 0;
            int nd = 0;
            for (int i = 0; i < y.length; i++) {
                for (int j = 0; j < y.length; j++) {
                    if (i == j) {
                        continue;
                    }
                    if (y[i] == y[j]) {
                        same += d[i][j];
                        ns++;
                    } else {
                        diff += d[i][j];
                        nd++;
                    }
                }
            }
            return same / ns - diff / nd;
        }
    }
}
