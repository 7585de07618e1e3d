package io.github.dl4jlosses.eval;

import java.util.Random;
import java.util.TreeSet;

/**
 * Slow, obvious reference implementations of the verification metrics, written from the definitions
 * without looking at the production code: every rate is a plain count over all pairs at one threshold.
 * Decision rule everywhere: accept iff score ≥ threshold.
 */
final class NaiveVerification {

    private NaiveVerification() {
    }

    /** Mann–Whitney: P(s⁺ > s⁻) + ½ P(s⁺ = s⁻) by counting all (same, different) combinations. */
    static double auc(double[] s, boolean[] same) {
        double wins = 0;
        long combos = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (same[i] && !same[j]) {
                    combos++;
                    if (s[i] > s[j]) {
                        wins += 1;
                    } else if (s[i] == s[j]) {
                        wins += 0.5;
                    }
                }
            }
        }
        return wins / combos;
    }

    /** Every threshold worth trying, highest first: +∞, then each distinct score. */
    static double[] candidateThresholds(double[] s) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (double v : s) {
            distinct.add(v);
        }
        double[] t = new double[distinct.size() + 1];
        t[0] = Double.POSITIVE_INFINITY;
        int i = 1;
        for (double v : distinct.descendingSet()) {
            t[i++] = v;
        }
        return t;
    }

    static double far(double[] s, boolean[] same, double threshold) {
        int accepted = 0;
        int negatives = 0;
        for (int i = 0; i < s.length; i++) {
            if (!same[i]) {
                negatives++;
                if (s[i] >= threshold) {
                    accepted++;
                }
            }
        }
        return accepted / (double) negatives;
    }

    static double tar(double[] s, boolean[] same, double threshold) {
        int accepted = 0;
        int positives = 0;
        for (int i = 0; i < s.length; i++) {
            if (same[i]) {
                positives++;
                if (s[i] >= threshold) {
                    accepted++;
                }
            }
        }
        return accepted / (double) positives;
    }

    static int correct(double[] s, boolean[] same, double threshold) {
        int c = 0;
        for (int i = 0; i < s.length; i++) {
            if ((s[i] >= threshold) == same[i]) {
                c++;
            }
        }
        return c;
    }

    /**
     * EER by brute force over thresholds: walk the thresholds from the top, find the first where the false
     * reject rate no longer exceeds the false accept rate, and intersect the straight line between that
     * operating point and the previous one with FAR = FRR.
     */
    static double eer(double[] s, boolean[] same) {
        double[] t = candidateThresholds(s);
        double prevFar = far(s, same, t[0]);
        double prevFrr = 1 - tar(s, same, t[0]);
        for (int j = 1; j < t.length; j++) {
            double far = far(s, same, t[j]);
            double frr = 1 - tar(s, same, t[j]);
            if (frr - far <= 0) {
                double a = prevFrr - prevFar;
                double b = frr - far;
                double lambda = a / (a - b);
                return prevFar + lambda * (far - prevFar);
            }
            prevFar = far;
            prevFrr = frr;
        }
        throw new AssertionError("no crossing");
    }

    /** Highest TAR over the thresholds whose FAR ≤ target. */
    static double tarAtFar(double[] s, boolean[] same, double target) {
        double best = 0;
        for (double t : candidateThresholds(s)) {
            if (far(s, same, t) <= target) {
                best = Math.max(best, tar(s, same, t));
            }
        }
        return best;
    }

    /** Index into {@link #candidateThresholds} of the highest threshold with the most correct decisions. */
    static int bestCandidate(double[] s, boolean[] same) {
        double[] t = candidateThresholds(s);
        int best = 0;
        for (int j = 1; j < t.length; j++) {
            if (correct(s, same, t[j]) > correct(s, same, t[best])) {
                best = j;
            }
        }
        return best;
    }

    /** Threshold of the best candidate moved to the middle of its gap, as the documented rule says. */
    static double bestThreshold(double[] s, boolean[] same) {
        double[] t = candidateThresholds(s);
        int j = bestCandidate(s, same);
        if (j == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (j == t.length - 1) {
            return Double.NEGATIVE_INFINITY;
        }
        return (t[j] + t[j + 1]) / 2;
    }

    /** k-fold accuracy per fold: threshold from the other folds (rule above), accuracy on the fold. */
    static double[][] kFold(double[] s, boolean[] same, int[] fold, int k) {
        double[] acc = new double[k];
        double[] thr = new double[k];
        for (int f = 0; f < k; f++) {
            int trainN = 0;
            for (int x : fold) {
                if (x != f) {
                    trainN++;
                }
            }
            double[] ts = new double[trainN];
            boolean[] tl = new boolean[trainN];
            int c = 0;
            for (int i = 0; i < s.length; i++) {
                if (fold[i] != f) {
                    ts[c] = s[i];
                    tl[c] = same[i];
                    c++;
                }
            }
            thr[f] = bestThreshold(ts, tl);
            int right = 0;
            int total = 0;
            for (int i = 0; i < s.length; i++) {
                if (fold[i] == f) {
                    total++;
                    if ((s[i] >= thr[f]) == same[i]) {
                        right++;
                    }
                }
            }
            acc[f] = right / (double) total;
        }
        return new double[][]{acc, thr};
    }

    /**
     * Random verification data: same pairs score higher on average; {@code levels > 0} rounds scores to
     * {@code levels} steps per unit so that many tie, 0 keeps them continuous. Always both kinds of pair.
     */
    static Object[] randomPairs(long seed, int n, int levels, double positiveRate) {
        Random rnd = new Random(seed);
        double[] s = new double[n];
        boolean[] same = new boolean[n];
        for (int i = 0; i < n; i++) {
            same[i] = i == 0 || (i != 1 && rnd.nextDouble() < positiveRate);
            double v = rnd.nextGaussian() + (same[i] ? 1.0 : 0.0);
            s[i] = levels > 0 ? Math.round(v * levels) / (double) levels : v;
        }
        return new Object[]{s, same};
    }
}
