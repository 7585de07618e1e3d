package io.github.dl4jlosses.samediff;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic metric-learning data: points around a few class centres, served as pairs (left,
 * right, 0/1 "same class" label), triplets (anchor, positive, negative, dummy label), labelled batches
 * (points and class ids) or pair batches (anchor and positive of one class per row, class ids).
 */
final class ClusterData {
    private final Random random;
    private final double[][] centres;
    private final double noise;

    ClusterData(long seed, int classes, int inputSize, double noise) {
        this.random = new Random(seed);
        this.centres = new double[classes][inputSize];
        for (double[] c : centres) {
            for (int j = 0; j < inputSize; j++) {
                c[j] = random.nextGaussian();
            }
        }
        this.noise = noise;
    }

    private double[] point(int cls) {
        double[] p = centres[cls].clone();
        for (int j = 0; j < p.length; j++) {
            p[j] += noise * random.nextGaussian();
        }
        return p;
    }

    private int otherClass(int cls) {
        return (cls + 1 + random.nextInt(centres.length - 1)) % centres.length;
    }

    /** {@code [left, right]} features and {@code [B,1]} labels, half the pairs of the same class. */
    MultiDataSet pairs(DataType type, int batch) {
        double[][] l = new double[batch][];
        double[][] r = new double[batch][];
        double[][] y = new double[batch][1];
        for (int i = 0; i < batch; i++) {
            int c = random.nextInt(centres.length);
            boolean same = i % 2 == 0;
            l[i] = point(c);
            r[i] = point(same ? c : otherClass(c));
            y[i][0] = same ? 1 : 0;
        }
        return new MultiDataSet(new INDArray[]{arr(l, type), arr(r, type)}, new INDArray[]{arr(y, type)});
    }

    /** Features {@code [a | p | n]} and zero labels. */
    DataSet triplets(DataType type, int batch) {
        int d = centres[0].length;
        double[][] x = new double[batch][3 * d];
        for (int i = 0; i < batch; i++) {
            int c = random.nextInt(centres.length);
            System.arraycopy(point(c), 0, x[i], 0, d);
            System.arraycopy(point(c), 0, x[i], d, d);
            System.arraycopy(point(otherClass(c)), 0, x[i], 2 * d, d);
        }
        return new DataSet(arr(x, type), Nd4j.zeros(type, batch, 1));
    }

    /** Embeddings' inputs {@code [B, inputSize]} with class ids {@code [B,1]}: a labelled batch. */
    DataSet labelled(DataType type, int batch) {
        double[][] x = new double[batch][];
        double[][] y = new double[batch][1];
        for (int i = 0; i < batch; i++) {
            int c = i % centres.length;
            x[i] = point(c);
            y[i][0] = c;
        }
        return new DataSet(arr(x, type), arr(y, type));
    }

    /** A pair batch: {@code [anchor, positive]} of the same class per row, and the class ids {@code [B,1]}. */
    MultiDataSet positivePairs(DataType type, int batch) {
        double[][] a = new double[batch][];
        double[][] p = new double[batch][];
        double[][] y = new double[batch][1];
        for (int i = 0; i < batch; i++) {
            int c = random.nextInt(centres.length);
            a[i] = point(c);
            p[i] = point(c);
            y[i][0] = c;
        }
        return new MultiDataSet(new INDArray[]{arr(a, type), arr(p, type)}, new INDArray[]{arr(y, type)});
    }

    List<MultiDataSet> pairBatches(DataType type, int batches, int batch) {
        List<MultiDataSet> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            out.add(pairs(type, batch));
        }
        return out;
    }

    List<DataSet> tripletBatches(DataType type, int batches, int batch) {
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            out.add(triplets(type, batch));
        }
        return out;
    }

    private static INDArray arr(double[][] v, DataType type) {
        return Nd4j.createFromArray(v).castTo(type);
    }
}
