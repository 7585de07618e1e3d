package io.github.dl4jlosses.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry point for verification metrics: given one score per pair and whether the pair is truly "same",
 * computes everything a face-verification paper reports, in one {@link VerificationReport}.
 * <p>
 * <b>Scores are similarities</b>: higher means "more likely the same", and a pair is accepted iff
 * {@code score ≥ threshold}. Distances (lower = more similar) are turned into similarities by negation,
 * {@link #similaritiesFromDistances(double[])}; every metric is then as for the distances with the inequality
 * reversed, and thresholds come back negated.
 * <p>
 * Conventions (details on each class): {@link RocCurve} (ties form one step; AUC = Mann–Whitney with ties
 * ½; EER by linear interpolation between ROC points), {@link RocCurve#tarAtFar(double)} (highest TAR with
 * FAR ≤ target, no interpolation), {@link RocCurve#bestAccuracy()} (midpoint thresholds),
 * {@link KFoldAccuracy} (LFW protocol, Huang et al. 2007; sample std).
 */
public final class VerificationMetrics {

    private static final double[] FAR_TARGETS = {1e-1, 1e-2, 1e-3};

    private VerificationMetrics() {
    }

    /** The FAR targets of every report: 1e-1, 1e-2, 1e-3 (a copy). */
    public static double[] farTargets() {
        return FAR_TARGETS.clone();
    }

    /**
     * All verification metrics, with k-fold accuracy over {@code folds} contiguous folds of the pairs in
     * their given order ({@link KFoldAccuracy#inOrder}).
     *
     * @param similarities one finite score per pair, higher = more similar
     * @param same         true where the pair is truly the same identity / class
     * @param folds        number of folds, ≥ 2 (LFW: 10)
     * @throws IllegalArgumentException on null or mismatched arrays, a non-finite score, no same or no
     *                                  different pair, {@code folds < 2} or more folds than pairs, or a fold
     *                                  without both kinds of pair
     */
    public static VerificationReport evaluate(double[] similarities, boolean[] same, int folds) {
        Checks.verificationInput(similarities, same);
        return report(similarities, same, KFoldAccuracy.inOrder(similarities, same, folds));
    }

    /**
     * All verification metrics, with k-fold accuracy over explicit folds ({@link KFoldAccuracy#withFolds}):
     * {@code foldOfPair[i]} in {@code 0..k−1} is the fold of pair {@code i}.
     *
     * @throws IllegalArgumentException as {@link #evaluate(double[], boolean[], int)}, and on a fold array of
     *                                  another length, a negative or unused fold index
     */
    public static VerificationReport evaluate(double[] similarities, boolean[] same, int[] foldOfPair) {
        Checks.verificationInput(similarities, same);
        return report(similarities, same, KFoldAccuracy.withFolds(similarities, same, foldOfPair));
    }

    /**
     * Similarities from distances: {@code s_i = −d_i}, so that "score ≥ threshold" means
     * "distance ≤ −threshold". The ranking, AUC, EER and accuracies are those of the distances.
     *
     * @throws IllegalArgumentException if {@code distances} is null
     */
    public static double[] similaritiesFromDistances(double[] distances) {
        Checks.notNull(distances, "distances");
        double[] s = new double[distances.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = -distances[i];
        }
        return s;
    }

    private static VerificationReport report(double[] scores, boolean[] same, KFoldAccuracy kFold) {
        RocCurve roc = RocCurve.of(scores, same);
        List<TarAtFar> tars = new ArrayList<>();
        for (double target : FAR_TARGETS) {
            tars.add(roc.tarAtFar(target));
        }
        return new VerificationReport(roc, tars, roc.bestAccuracy(), kFold);
    }
}
