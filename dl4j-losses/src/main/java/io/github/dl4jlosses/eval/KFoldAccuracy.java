package io.github.dl4jlosses.eval;

import java.util.Arrays;

/**
 * Verification accuracy estimated by k-fold cross-validation of the decision threshold, as in the LFW
 * protocol (Huang et al. 2007, "Labeled Faces in the Wild", View 2: ten folds of pairs).
 * <p>
 * For each fold {@code f}: the threshold is the one of {@link RocCurve#bestAccuracy()} on the pairs of the
 * <em>other</em> k−1 folds (the midpoint between the lowest accepted and highest rejected training score,
 * highest threshold among ties); accuracy {@code a_f} is measured on fold {@code f} alone, accepting a pair
 * as "same" iff {@code score ≥ threshold}. The summary is over the k fold accuracies:
 * <ul>
 *   <li>{@link #mean()} {@code μ = (1/k) Σ a_f};</li>
 *   <li>{@link #std()} the <b>sample</b> standard deviation {@code σ̂ = sqrt(Σ (a_f − μ)² / (k − 1))} — the
 *       σ̂ of the LFW protocol;</li>
 *   <li>{@link #standardError()} {@code σ̂ / sqrt(k)}, the "μ̂ ± S_E" that the LFW results page reports;</li>
 *   <li>{@link #populationStd()} {@code sqrt(Σ (a_f − μ)² / k)}, what {@code numpy.std} gives and what
 *       several face-recognition code bases (e.g. FaceNet and InsightFace evaluation scripts) print as
 *       "±".</li>
 * </ul>
 * Folds come either from the caller (one fold index per pair, as LFW's {@code pairs.txt} gives) or from
 * splitting the pairs in their given order into k contiguous parts ({@link #inOrderFolds(int, int)}).
 * Every fold must hold at least one same and one different pair. Immutable; array getters return copies.
 */
public final class KFoldAccuracy {

    private final double[] foldAccuracies;
    private final double[] foldThresholds;
    private final int[] foldSizes;

    private KFoldAccuracy(double[] foldAccuracies, double[] foldThresholds, int[] foldSizes) {
        this.foldAccuracies = foldAccuracies;
        this.foldThresholds = foldThresholds;
        this.foldSizes = foldSizes;
    }

    /**
     * k-fold accuracy with the pairs split in order into k contiguous folds of (nearly) equal size
     * (see {@link #inOrderFolds(int, int)}). LFW's {@code pairs.txt} read in file order gives its ten folds
     * this way when each of its sets is read as one fold.
     *
     * @throws IllegalArgumentException on bad scores/truth (see {@link RocCurve#of}), {@code k < 2},
     *                                  {@code k} > number of pairs, or a fold without a same or a different pair
     */
    public static KFoldAccuracy inOrder(double[] scores, boolean[] same, int k) {
        Checks.verificationInput(scores, same);
        return compute(scores, same, inOrderFolds(scores.length, k),
                " (splitting in order needs both kinds of pair in every part: interleave them or give fold indices)");
    }

    /**
     * k-fold accuracy with explicit folds: {@code foldOfPair[i]} is the fold of pair {@code i}, in
     * {@code 0..k−1}; k is the largest index + 1 and every fold in between must be used.
     *
     * @throws IllegalArgumentException on bad scores/truth (see {@link RocCurve#of}), a fold array of another
     *                                  length, a negative index, fewer than 2 folds, an empty fold, or a fold
     *                                  without a same or a different pair
     */
    public static KFoldAccuracy withFolds(double[] scores, boolean[] same, int[] foldOfPair) {
        Checks.verificationInput(scores, same);
        Checks.notNull(foldOfPair, "foldOfPair");
        Checks.sameLength("score", scores.length, "foldOfPair", foldOfPair.length);
        return compute(scores, same, foldOfPair, "");
    }

    /**
     * Fold indices for {@code n} pairs split in order into {@code k} contiguous folds, sized as
     * scikit-learn's {@code KFold(k, shuffle=False)}: the first {@code n mod k} folds hold
     * {@code ⌊n/k⌋ + 1} pairs, the others {@code ⌊n/k⌋}.
     *
     * @throws IllegalArgumentException if {@code k < 2} or {@code k > n}
     */
    public static int[] inOrderFolds(int n, int k) {
        if (k < 2) {
            throw new IllegalArgumentException("expected at least 2 folds, but got k = " + k);
        }
        if (k > n) {
            throw new IllegalArgumentException("expected at most one fold per pair, but got k = " + k + " folds for "
                    + n + " pairs");
        }
        int[] folds = new int[n];
        int base = n / k;
        int larger = n % k;
        int i = 0;
        for (int f = 0; f < k; f++) {
            int size = base + (f < larger ? 1 : 0);
            Arrays.fill(folds, i, i + size, f);
            i += size;
        }
        return folds;
    }

    private static KFoldAccuracy compute(double[] scores, boolean[] same, int[] foldOfPair, String hint) {
        int k = checkFolds(same, foldOfPair, hint);
        double[] accuracies = new double[k];
        double[] thresholds = new double[k];
        int[] sizes = new int[k];
        for (int i = 0; i < foldOfPair.length; i++) {
            sizes[foldOfPair[i]]++;
        }
        for (int f = 0; f < k; f++) {
            int trainSize = scores.length - sizes[f];
            double[] trainScores = new double[trainSize];
            boolean[] trainSame = new boolean[trainSize];
            for (int i = 0, t = 0; i < scores.length; i++) {
                if (foldOfPair[i] != f) {
                    trainScores[t] = scores[i];
                    trainSame[t] = same[i];
                    t++;
                }
            }
            double threshold = RocCurve.of(trainScores, trainSame).bestAccuracy().threshold();
            int correct = 0;
            for (int i = 0; i < scores.length; i++) {
                if (foldOfPair[i] == f && (scores[i] >= threshold) == same[i]) {
                    correct++;
                }
            }
            thresholds[f] = threshold;
            accuracies[f] = correct / (double) sizes[f];
        }
        return new KFoldAccuracy(accuracies, thresholds, sizes);
    }

    /** Returns k after checking that folds 0..k−1 are all used, each with a same and a different pair. */
    private static int checkFolds(boolean[] same, int[] foldOfPair, String hint) {
        int k = 0;
        for (int i = 0; i < foldOfPair.length; i++) {
            if (foldOfPair[i] < 0) {
                throw new IllegalArgumentException("expected fold indices ≥ 0, but foldOfPair[" + i + "] = "
                        + foldOfPair[i]);
            }
            k = Math.max(k, foldOfPair[i] + 1);
        }
        if (k < 2) {
            throw new IllegalArgumentException("expected at least 2 folds, but every pair is in fold 0");
        }
        int[] positives = new int[k];
        int[] negatives = new int[k];
        for (int i = 0; i < foldOfPair.length; i++) {
            if (same[i]) {
                positives[foldOfPair[i]]++;
            } else {
                negatives[foldOfPair[i]]++;
            }
        }
        for (int f = 0; f < k; f++) {
            if (positives[f] == 0 || negatives[f] == 0) {
                throw new IllegalArgumentException("expected every fold to hold at least one same and one different "
                        + "pair, but fold " + f + " of " + k + " has " + positives[f] + " same and " + negatives[f]
                        + " different" + hint);
            }
        }
        return k;
    }

    /** Number of folds. */
    public int k() {
        return foldAccuracies.length;
    }

    /** Accuracy on each held-out fold, in fold order. */
    public double[] foldAccuracies() {
        return foldAccuracies.clone();
    }

    /** Threshold chosen on the other folds for each fold (accept iff {@code score ≥ threshold}). */
    public double[] foldThresholds() {
        return foldThresholds.clone();
    }

    /** Number of pairs in each fold. */
    public int[] foldSizes() {
        return foldSizes.clone();
    }

    /** Mean of the fold accuracies (each fold weighs the same, whatever its size). */
    public double mean() {
        double sum = 0;
        for (double a : foldAccuracies) {
            sum += a;
        }
        return sum / k();
    }

    /** Sample standard deviation of the fold accuracies (divisor k − 1), LFW's σ̂. */
    public double std() {
        return Math.sqrt(sumOfSquaredDeviations() / (k() - 1));
    }

    /** Population standard deviation of the fold accuracies (divisor k), as {@code numpy.std}. */
    public double populationStd() {
        return Math.sqrt(sumOfSquaredDeviations() / k());
    }

    /** Standard error of the mean, {@code std() / sqrt(k)}, as LFW results are reported. */
    public double standardError() {
        return std() / Math.sqrt(k());
    }

    private double sumOfSquaredDeviations() {
        double mean = mean();
        double sum = 0;
        for (double a : foldAccuracies) {
            sum += (a - mean) * (a - mean);
        }
        return sum;
    }

    @Override
    public String toString() {
        return k() + "-fold accuracy " + mean() + " ± " + std() + " (sample std)";
    }
}
