package io.github.dl4jlosses.backendtests;

import io.github.dl4jlosses.distance.Distance;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Input families of the losses (see DESIGN.md, "How a loss sees its input"), drawn from
 * {@link Random}. Embedding coordinates are {@code N(0, 1/D)}, so typical distances do not depend on
 * D; a "close" embedding is its partner plus {@code 0.7·N(0, 1/D)} noise. {@link #near} and
 * {@link #far} give the typical distance of a close and of an unrelated pair, from which the registry
 * picks margins that put rows on both sides of every hinge.
 */
public final class Inputs {
    private static final double CLOSE_NOISE = 0.7;

    private Inputs() {
    }

    /** Typical distance of a close pair (partner + noise) for inputs of this class. */
    public static double near(Distance d) {
        switch (d) {
            case EUCLIDEAN: return 0.7;
            case SQUARED_EUCLIDEAN: return 0.5;
            case MANHATTAN: return 1.25;
            case COSINE: return 0.18;
            default: throw new AssertionError(d);
        }
    }

    /** Typical distance of two unrelated embeddings. */
    public static double far(Distance d) {
        switch (d) {
            case EUCLIDEAN: return 1.4;
            case SQUARED_EUCLIDEAN: return 2.0;
            case MANHATTAN: return 2.5;
            case COSINE: return 1.0;
            default: throw new AssertionError(d);
        }
    }

    /**
     * Pair family: preOutput {@code [B, 2D] = [x1 | x2]}, labels {@code [B,1]} of 0/1 (rows 0 and 1 are 0
     * and 1, the rest random); for label 1, x2 is close to x1, otherwise unrelated.
     */
    public static InputFactory pair() {
        return (rnd, b, d) -> {
            double[][] out = new double[b][2 * d];
            double[][] labels = new double[b][1];
            for (int i = 0; i < b; i++) {
                int label = i < 2 ? i : rnd.nextInt(2);
                labels[i][0] = label;
                double[] x1 = gaussian(rnd, d);
                double[] x2 = label == 1 ? close(rnd, x1) : gaussian(rnd, d);
                System.arraycopy(x1, 0, out[i], 0, d);
                System.arraycopy(x2, 0, out[i], d, d);
            }
            return new CaseInputs(Nd4j.createFromArray(out), Nd4j.createFromArray(labels), null);
        };
    }

    /**
     * Tuple family: preOutput {@code [B, (1+P+N)·D] = [a | p_1..p_P | n_1..n_N]} with positives close to
     * the anchor and unrelated negatives; labels are zeros {@code [B,1]} (the losses ignore them).
     */
    public static InputFactory tuple(int positives, int negatives) {
        return (rnd, b, d) -> {
            int blocks = 1 + positives + negatives;
            double[][] out = new double[b][blocks * d];
            for (int i = 0; i < b; i++) {
                double[] a = gaussian(rnd, d);
                System.arraycopy(a, 0, out[i], 0, d);
                for (int k = 1; k < blocks; k++) {
                    double[] x = k <= positives ? close(rnd, a) : gaussian(rnd, d);
                    System.arraycopy(x, 0, out[i], k * d, d);
                }
            }
            return new CaseInputs(Nd4j.createFromArray(out), Nd4j.zeros(DataType.DOUBLE, b, 1), null);
        };
    }

    /**
     * Pair batch with in-batch negatives: preOutput {@code [N, 2D] = [anchor | positive]}, labels class ids
     * {@code [N,1]}. With {@code classes = 0} every row is its own class; otherwise ids cycle through the
     * classes (so classes repeat once N exceeds them) and anchors and positives of a class scatter around
     * a common centre.
     */
    public static InputFactory pairBatch(int classes) {
        return (rnd, n, d) -> {
            int[] ids = classIds(rnd, n, classes == 0 ? n : classes);
            double[][] centres = centres(rnd, classes == 0 ? n : classes, d);
            double[][] out = new double[n][2 * d];
            for (int i = 0; i < n; i++) {
                System.arraycopy(close(rnd, centres[ids[i]]), 0, out[i], 0, d);
                System.arraycopy(close(rnd, centres[ids[i]]), 0, out[i], d, d);
            }
            return new CaseInputs(Nd4j.createFromArray(out), column(ids), null);
        };
    }

    /**
     * Labelled batch: preOutput {@code [B, D]} embeddings scattered around one centre per class, labels
     * class ids {@code [B,1]} or, with {@code oneHot}, {@code [B, classes]}. Every class appears at least
     * twice when {@code B >= 2·classes}.
     */
    public static InputFactory labelled(int classes, boolean oneHot) {
        return (rnd, b, d) -> {
            int[] ids = classIds(rnd, b, classes);
            double[][] centres = centres(rnd, classes, d);
            double[][] out = new double[b][];
            for (int i = 0; i < b; i++) {
                out[i] = close(rnd, centres[ids[i]]);
            }
            if (!oneHot) {
                return new CaseInputs(Nd4j.createFromArray(out), column(ids), null);
            }
            double[][] labels = new double[b][classes];
            for (int i = 0; i < b; i++) {
                labels[i][ids[i]] = 1.0;
            }
            return new CaseInputs(Nd4j.createFromArray(out), Nd4j.createFromArray(labels), null);
        };
    }

    /** Ids cycling 0..classes−1 for the first 2·classes rows (each class twice), random after that. */
    private static int[] classIds(Random rnd, int rows, int classes) {
        int[] ids = new int[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = i < 2 * classes ? i % classes : rnd.nextInt(classes);
        }
        return ids;
    }

    private static double[][] centres(Random rnd, int count, int d) {
        double[][] c = new double[count][];
        for (int k = 0; k < count; k++) {
            c[k] = gaussian(rnd, d);
        }
        return c;
    }

    private static INDArray column(int[] ids) {
        double[][] v = new double[ids.length][1];
        for (int i = 0; i < ids.length; i++) {
            v[i][0] = ids[i];
        }
        return Nd4j.createFromArray(v);
    }

    /** Triplet: {@code [a | p | n]}. */
    public static InputFactory triplet() {
        return tuple(1, 1);
    }

    static double[] gaussian(Random rnd, int d) {
        double s = 1.0 / Math.sqrt(d);
        double[] v = new double[d];
        for (int k = 0; k < d; k++) {
            v[k] = s * rnd.nextGaussian();
        }
        return v;
    }

    static double[] close(Random rnd, double[] x) {
        double s = CLOSE_NOISE / Math.sqrt(x.length);
        double[] v = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            v[k] = x[k] + s * rnd.nextGaussian();
        }
        return v;
    }
}
