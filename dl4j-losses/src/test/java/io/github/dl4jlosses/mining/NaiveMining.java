package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.NaiveDistances;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The miners written the obvious way, with plain loops in double over a distance matrix {@code d[B][M]}, the
 * query class ids {@code q[B]} and the reference class ids {@code r[M]} (reference {@code i < B} is query
 * {@code i}), independently of the library. Shared by {@link MinerTest} and the mined-loss tests.
 */
public final class NaiveMining {
    private NaiveMining() {
    }

    /** Kept pairs: {@code pos[a][j]}, {@code neg[a][j]}. */
    public static final class Pairs {
        public final boolean[][] pos;
        public final boolean[][] neg;

        public Pairs(boolean[][] pos, boolean[][] neg) {
            this.pos = pos;
            this.neg = neg;
        }

        public int count() {
            int c = 0;
            for (int a = 0; a < pos.length; a++) {
                for (int j = 0; j < pos[a].length; j++) c += (pos[a][j] ? 1 : 0) + (neg[a][j] ? 1 : 0);
            }
            return c;
        }
    }

    public static boolean isPositive(double[] q, double[] r, int a, int j) {
        return j != a && q[a] == r[j];
    }

    public static boolean isNegative(double[] q, double[] r, int a, int j) {
        return q[a] != r[j];
    }

    /** Distance matrix of rows x against rows y, element by element. */
    public static double[][] distances(Distance distance, double[][] x, double[][] y) {
        double[][] d = new double[x.length][y.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) d[i][j] = NaiveDistances.of(distance, x[i], y[j]);
        }
        return d;
    }

    /** The candidate pairs: positives same class and not the row itself, negatives other class. */
    public static Pairs candidates(double[] q, double[] r) {
        int b = q.length, m = r.length;
        boolean[][] pos = new boolean[b][m], neg = new boolean[b][m];
        for (int a = 0; a < b; a++) {
            for (int j = 0; j < m; j++) {
                pos[a][j] = isPositive(q, r, a, j);
                neg[a][j] = isNegative(q, r, a, j);
            }
        }
        return new Pairs(pos, neg);
    }

    /** Every positive and negative pair of anchors having at least one of each. */
    public static Pairs allPairs(double[] q, double[] r) {
        Pairs c = candidates(q, r);
        for (int a = 0; a < q.length; a++) {
            boolean hasPos = false, hasNeg = false;
            for (int j = 0; j < r.length; j++) {
                hasPos |= c.pos[a][j];
                hasNeg |= c.neg[a][j];
            }
            if (!(hasPos && hasNeg)) {
                java.util.Arrays.fill(c.pos[a], false);
                java.util.Arrays.fill(c.neg[a], false);
            }
        }
        return c;
    }

    /** Batch hard: per anchor {a, farthest positive, closest negative}, lowest index on ties. */
    public static List<int[]> batchHard(double[][] d, double[] q, double[] r) {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < q.length; a++) {
            int p = -1, n = -1;
            for (int j = 0; j < r.length; j++) {
                if (isPositive(q, r, a, j) && (p < 0 || d[a][j] > d[a][p])) p = j;
                if (isNegative(q, r, a, j) && (n < 0 || d[a][j] < d[a][n])) n = j;
            }
            if (p >= 0 && n >= 0) out.add(new int[]{a, p, n});
        }
        return out;
    }

    /**
     * Semi-hard (TF-Addons): per (anchor, positive) the closest negative farther than the positive, else the
     * farthest negative; none for anchors without a negative.
     */
    public static List<int[]> semiHard(double[][] d, double[] q, double[] r) {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < q.length; a++) {
            int far = -1;
            for (int j = 0; j < r.length; j++) {
                if (isNegative(q, r, a, j) && (far < 0 || d[a][j] > d[a][far])) far = j;
            }
            if (far < 0) continue;
            for (int p = 0; p < r.length; p++) {
                if (!isPositive(q, r, a, p)) continue;
                int best = -1;
                for (int n = 0; n < r.length; n++) {
                    if (isNegative(q, r, a, n) && d[a][n] > d[a][p] && (best < 0 || d[a][n] < d[a][best])) best = n;
                }
                out.add(new int[]{a, p, best < 0 ? far : best});
            }
        }
        return out;
    }

    /** Multi-similarity pair mining as the brief states it (similarities for cosine, distances otherwise). */
    public static Pairs multiSimilarity(Distance distance, double[][] d, double[] q, double[] r, double eps) {
        int b = q.length, m = r.length;
        boolean[][] pos = new boolean[b][m], neg = new boolean[b][m];
        boolean cosine = distance == Distance.COSINE;
        for (int a = 0; a < b; a++) {
            // hardest negative / positive: on similarities S = 1 − D for cosine, on D otherwise
            double hardNeg = Double.NaN, hardPos = Double.NaN;
            for (int j = 0; j < m; j++) {
                double v = cosine ? 1 - d[a][j] : d[a][j];
                if (isNegative(q, r, a, j)) {
                    hardNeg = Double.isNaN(hardNeg) ? v : (cosine ? Math.max(hardNeg, v) : Math.min(hardNeg, v));
                }
                if (isPositive(q, r, a, j)) {
                    hardPos = Double.isNaN(hardPos) ? v : (cosine ? Math.min(hardPos, v) : Math.max(hardPos, v));
                }
            }
            for (int j = 0; j < m; j++) {
                double v = cosine ? 1 - d[a][j] : d[a][j];
                if (isPositive(q, r, a, j) && !Double.isNaN(hardNeg)) {
                    pos[a][j] = cosine ? v - eps < hardNeg : v + eps > hardNeg;
                }
                if (isNegative(q, r, a, j) && !Double.isNaN(hardPos)) {
                    neg[a][j] = cosine ? v + eps > hardPos : v - eps < hardPos;
                }
            }
        }
        return new Pairs(pos, neg);
    }

    /** Unit-sphere Euclidean distance of a matrix entry (null for Manhattan). */
    public static double unitEuclidean(Distance distance, double d) {
        switch (distance) {
            case EUCLIDEAN:
                return d;
            case SQUARED_EUCLIDEAN:
                return Math.sqrt(d);
            case COSINE:
                return Math.sqrt(2 * d);
            default:
                throw new IllegalArgumentException(String.valueOf(distance));
        }
    }

    /**
     * Distance-weighted sampling probabilities {@code [B][M]}: on negatives with unit-sphere distance below
     * {@code nonzeroLossCutoff}, {@code q(c)^{-1}} with c clipped from below at {@code cutoff}, normalised per row;
     * rows without such a negative all 0.
     */
    public static double[][] distanceWeights(Distance distance, double[][] d, double[] q, double[] r, long dim,
                                             double cutoff, double nonzeroLossCutoff) {
        int b = q.length, m = r.length;
        double[][] w = new double[b][m];
        for (int a = 0; a < b; a++) {
            double[] logW = new double[m];
            double top = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                double e = unitEuclidean(distance, d[a][j]);
                if (!isNegative(q, r, a, j) || !(e < nonzeroLossCutoff)) {
                    logW[j] = Double.NaN;
                    continue;
                }
                double c = Math.max(e, cutoff);
                logW[j] = (2 - dim) * Math.log(c) - ((dim - 3) / 2.0) * Math.log(1 - c * c / 4);
                top = Math.max(top, logW[j]);
            }
            double sum = 0;
            for (int j = 0; j < m; j++) {
                if (!Double.isNaN(logW[j])) {
                    w[a][j] = Math.exp(logW[j] - top);
                    sum += w[a][j];
                }
            }
            for (int j = 0; j < m; j++) w[a][j] = sum == 0 ? 0 : w[a][j] / sum;
        }
        return w;
    }

    /** The pairs some triplet uses. */
    public static Pairs pairsOf(List<int[]> triplets, int b, int m) {
        boolean[][] pos = new boolean[b][m], neg = new boolean[b][m];
        for (int[] t : triplets) {
            pos[t[0]][t[1]] = true;
            neg[t[0]][t[2]] = true;
        }
        return new Pairs(pos, neg);
    }

    // ------------------------------------------------------------------ reading what a miner returned

    /** The valid triplets {a, p, n} of a triplet answer, sorted; empty for a pair answer with nothing kept. */
    public static List<int[]> triplets(Mined mined) {
        List<int[]> out = new ArrayList<>();
        if (!mined.isTriplets()) {
            assertEquals(0.0, mined.positives().sumNumber().doubleValue() + mined.negatives().sumNumber().doubleValue(),
                    0.0, "a triplet miner answering with pairs must have mined nothing");
            return out;
        }
        Mined.Triplets t = mined.triplets();
        double[][] p = t.positive.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        double[][] n = t.negative.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        double[][] v = t.valid.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        for (int a = 0; a < v.length; a++) {
            for (int s = 0; s < v[a].length; s++) {
                if (v[a][s] != 0) {
                    assertEquals(1.0, v[a][s], 0.0, "validity is 0/1");
                    out.add(new int[]{a, (int) p[a][s], (int) n[a][s]});
                }
            }
        }
        return out;
    }

    /** Triplets as sortable strings "a,p,n" (a multiset would show duplicates: kept as a list). */
    public static List<String> keys(List<int[]> triplets) {
        List<String> k = new ArrayList<>();
        for (int[] t : triplets) k.add(String.format("%03d,%03d,%03d", t[0], t[1], t[2]));
        k.sort(null);
        return k;
    }

    /** {@code [B,M]} 0/1 matrix as booleans (asserting it is 0/1). */
    public static boolean[][] mask(INDArray m) {
        double[][] v = m.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        boolean[][] out = new boolean[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = new boolean[v[i].length];
            for (int j = 0; j < v[i].length; j++) {
                if (v[i][j] != 0 && v[i][j] != 1) {
                    throw new AssertionError("mask entry (" + i + "," + j + ") is " + v[i][j] + ", not 0/1");
                }
                out[i][j] = v[i][j] == 1;
            }
        }
        return out;
    }

    /** Positions where two boolean matrices differ, for messages ("" when equal). */
    public static String differences(String what, boolean[][] expected, boolean[][] got) {
        Set<String> diff = new TreeSet<>();
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                if (expected[i][j] != got[i][j]) diff.add("(" + i + "," + j + ") expected " + expected[i][j]);
            }
        }
        return diff.isEmpty() ? "" : what + " differ at " + diff;
    }
}
