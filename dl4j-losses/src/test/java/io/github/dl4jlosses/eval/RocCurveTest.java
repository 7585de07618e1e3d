package io.github.dl4jlosses.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RocCurveTest {

    private static final double EPS = 1e-12;

    /*
     * Example A: 8 pairs, P = 4, N = 4, with a same/different tie at 0.8 and a different/different tie at 0.5.
     *   score 0.9 0.8 0.8 0.7 0.5 0.5 0.3 0.1
     *   same   T   F   T   T   F   F   T   F
     * Distinct scores from the top, cumulative (TP, FP):
     *   +∞:(0,0)  0.9:(1,0)  0.8:(2,1)  0.7:(3,1)  0.5:(3,3)  0.3:(4,3)  0.1:(4,4)
     */
    private static final double[] A_SCORES = {0.9, 0.8, 0.8, 0.7, 0.5, 0.5, 0.3, 0.1};
    private static final boolean[] A_SAME = {true, false, true, true, false, false, true, false};

    /*
     * Example C: 6 pairs, P = 2, N = 4, a three-way tie at 0.6 (one same, two different).
     *   score 0.9 0.8 0.6 0.6 0.6 0.1
     *   same   T   F   T   F   F   F
     *   +∞:(0,0)  0.9:(1,0)  0.8:(1,1)  0.6:(2,3)  0.1:(2,4)
     */
    private static final double[] C_SCORES = {0.9, 0.8, 0.6, 0.6, 0.6, 0.1};
    private static final boolean[] C_SAME = {true, false, true, false, false, false};

    @Test
    void tiedScoresFormOneStep() {
        RocCurve roc = RocCurve.of(A_SCORES, A_SAME);
        assertArrayEquals(new double[]{Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.5, 0.3, 0.1}, roc.thresholds());
        assertArrayEquals(new int[]{0, 1, 2, 3, 3, 4, 4}, roc.truePositiveCounts());
        assertArrayEquals(new int[]{0, 0, 1, 1, 3, 3, 4}, roc.falsePositiveCounts());
        // Rates are the counts over P = 4 and N = 4; sklearn 1.2.1 roc_curve(drop_intermediate=False) gives
        // the same fpr/tpr for this input (its first threshold is max + 1 = 1.9 instead of +∞).
        assertArrayEquals(new double[]{0, 0.25, 0.5, 0.75, 0.75, 1, 1}, roc.truePositiveRates(), EPS);
        assertArrayEquals(new double[]{0, 0, 0.25, 0.25, 0.75, 0.75, 1}, roc.falsePositiveRates(), EPS);
        assertEquals(4, roc.positives());
        assertEquals(4, roc.negatives());
        assertEquals(7, roc.size());
    }

    @Test
    void aucOfExampleA() {
        // Trapezoids between consecutive points (width × mean height):
        //   0.9→0.8: 0.25 × (0.25 + 0.5)/2 = 0.09375;  0.7→0.5: 0.5 × 0.75 = 0.375;  0.3→0.1: 0.25 × 1 = 0.25
        //   (the other steps are vertical) → 0.71875.
        // Mann–Whitney over the 16 (same, different) combinations: 0.9 beats 4; 0.8 ties 0.8 (½) and beats 3;
        //   0.7 beats 3; 0.3 beats 1 → 11.5 / 16 = 0.71875. sklearn roc_auc_score gives 0.71875.
        assertEquals(0.71875, RocCurve.of(A_SCORES, A_SAME).auc(), EPS);
    }

    @Test
    void aucOfExampleC() {
        // Trapezoids: 0.9→0.8: 0.25 × 0.5 = 0.125;  0.8→0.6: 0.5 × (0.5 + 1)/2 = 0.375;  0.6→0.1: 0.25 × 1 = 0.25
        //   → 0.75. Mann–Whitney: 0.9 beats 4; 0.6 loses to 0.8, ties two 0.6 (½ + ½), beats 0.1 → 6/8.
        // sklearn roc_auc_score gives 0.75.
        assertEquals(0.75, RocCurve.of(C_SCORES, C_SAME).auc(), EPS);
    }

    @Test
    void eerWhenAPointLiesOnTheLine() {
        // Example A at threshold 0.7: TPR = 0.75, FPR = 0.25, so FNR = FPR = 0.25 exactly.
        // sklearn + brentq(1 − x − interp1d(fpr, tpr)(x)) gives 0.2500000000000392.
        assertEquals(0.25, RocCurve.of(A_SCORES, A_SAME).equalErrorRate(), EPS);
    }

    @Test
    void eerInterpolatedOnADiagonalStep() {
        // Example C: g = 1 − TPR − FPR at the points: 1, 0.5, 0.25 (0.8: TPR .5, FPR .25), −0.75 (0.6: TPR 1,
        // FPR .75). Crossing between 0.8 and 0.6: λ = 0.25 / (0.25 + 0.75) = 0.25,
        // EER = 0.25 + 0.25 × (0.75 − 0.25) = 0.375; FNR there = 1 − (0.5 + 0.25 × 0.5) = 0.375 too.
        // sklearn + brentq gives 0.375.
        assertEquals(0.375, RocCurve.of(C_SCORES, C_SAME).equalErrorRate(), EPS);
    }

    @Test
    void tarAtFarTakesTheLowestThresholdWithinTheTarget() {
        RocCurve a = RocCurve.of(A_SCORES, A_SAME);
        // FAR ≤ 0.1: only +∞ (FAR 0) and 0.9 (FAR 0) qualify; the lower, 0.9, accepts 1 of 4 same pairs.
        TarAtFar t10 = a.tarAtFar(0.1);
        assertEquals(0.25, t10.tar(), EPS);
        assertEquals(0.0, t10.far(), EPS);
        assertEquals(0.9, t10.threshold(), 0.0);
        assertEquals(0.1, t10.targetFar(), 0.0);
        // FAR ≤ 0.25: 0.8 and 0.7 both reach FAR exactly 0.25; 0.7 accepts 3 of 4.
        TarAtFar t25 = a.tarAtFar(0.25);
        assertEquals(0.75, t25.tar(), EPS);
        assertEquals(0.25, t25.far(), EPS);
        assertEquals(0.7, t25.threshold(), 0.0);
        // FAR ≤ 1: everything.
        assertEquals(1.0, a.tarAtFar(1.0).tar(), EPS);
    }

    @Test
    void tarAtFarIsZeroAtPlusInfinityWhenTheTopScoreIsADifferentPair() {
        // score 0.9 F, 0.5 T, 0.1 F: any threshold ≤ 0.9 has FAR ≥ 1/2 > 0.1, so only +∞ (accept nothing) qualifies.
        TarAtFar t = RocCurve.of(new double[]{0.9, 0.5, 0.1}, new boolean[]{false, true, false}).tarAtFar(0.1);
        assertEquals(0.0, t.tar(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, t.threshold(), 0.0);
    }

    @Test
    void bestAccuracyUsesTheMidpointThreshold() {
        // Example A, correct = TP + (N − FP) at each point: +∞:4  0.9:5  0.8:5  0.7:6  0.5:4  0.3:5  0.1:4.
        // Best 6/8 at 0.7; the next lower score is 0.5, so the threshold is (0.7 + 0.5)/2 = 0.6.
        ThresholdAccuracy best = RocCurve.of(A_SCORES, A_SAME).bestAccuracy();
        assertEquals(0.75, best.accuracy(), EPS);
        assertEquals(0.6, best.threshold(), EPS);
        // Example C: correct +∞:4  0.9:5  0.8:4  0.6:3  0.1:2 → 5/6 at 0.9, threshold (0.9 + 0.8)/2 = 0.85.
        ThresholdAccuracy c = RocCurve.of(C_SCORES, C_SAME).bestAccuracy();
        assertEquals(5.0 / 6, c.accuracy(), EPS);
        assertEquals(0.85, c.threshold(), EPS);
    }

    @Test
    void bestAccuracyPrefersTheHighestThresholdAmongEquals() {
        // score 0.9 T, 0.5 F, 0.4 T, 0.1 F: correct +∞:2  0.9:3  0.5:2  0.4:3  0.1:2. 0.9 and 0.4 tie at 3/4;
        // the higher wins, threshold (0.9 + 0.5)/2 = 0.7.
        ThresholdAccuracy best = RocCurve.of(new double[]{0.9, 0.5, 0.4, 0.1},
                new boolean[]{true, false, true, false}).bestAccuracy();
        assertEquals(0.75, best.accuracy(), EPS);
        assertEquals(0.7, best.threshold(), EPS);
    }

    @Test
    void bestAccuracyAcceptingNothingOrEverythingGivesInfiniteThresholds() {
        // Different pairs on top: accepting nothing (2 of 3 right) beats every finite threshold.
        ThresholdAccuracy none = RocCurve.of(new double[]{0.9, 0.8, 0.1},
                new boolean[]{false, false, true}).bestAccuracy();
        assertEquals(2.0 / 3, none.accuracy(), EPS);
        assertEquals(Double.POSITIVE_INFINITY, none.threshold(), 0.0);
        // Same pairs at the bottom: accepting everything (2 of 3) beats every other threshold.
        ThresholdAccuracy all = RocCurve.of(new double[]{0.9, 0.2, 0.1},
                new boolean[]{false, true, true}).bestAccuracy();
        assertEquals(2.0 / 3, all.accuracy(), EPS);
        assertEquals(Double.NEGATIVE_INFINITY, all.threshold(), 0.0);
    }

    @Test
    void agreesWithScikitLearnOnATiedSet() {
        // 24 pairs with one-decimal scores (many ties), generated and scored with scikit-learn 1.2.1:
        // roc_auc_score = 0.9444444444444444; brentq EER = 0.1666666666668377 (brentq tolerance ~1e-12);
        // max tpr with fpr ≤ 0.1 → 0.75 (fpr 0.0833…), fpr ≤ 0.2 → 0.9166666666666666, fpr ≤ 0 → 0.5833333333333334;
        // best accuracy over roc_curve thresholds 0.875 (at 0.4; the next lower score is 0.3).
        double[] s = {0.6, 0.2, 0.9, 0.2, 0.7, 0.4, 0.9, 0.8, 0.3, 0.4, 0.7, 0.8, 0.2, 1.0, 0.2, 0.0, 0.1, 0.0, 1.0,
            0.1, 0.1, 0.5, 0.3, 0.9};
        boolean[] same = {true, false, true, false, true, true, true, true, false, true, false, true, false, true,
            false, false, false, false, true, false, false, false, true, true};
        RocCurve roc = RocCurve.of(s, same);
        assertEquals(0.9444444444444444, roc.auc(), EPS);
        assertEquals(1.0 / 6, roc.equalErrorRate(), 1e-9);
        assertEquals(0.75, roc.tarAtFar(0.1).tar(), EPS);
        assertEquals(1.0 / 12, roc.tarAtFar(0.1).far(), EPS);
        assertEquals(0.9166666666666666, roc.tarAtFar(0.2).tar(), EPS);
        assertEquals(0.5833333333333334, roc.tarAtFar(0.0).tar(), EPS);
        assertEquals(0.875, roc.bestAccuracy().accuracy(), EPS);
        assertEquals(0.35, roc.bestAccuracy().threshold(), EPS);
    }

    @Test
    void curveDoesNotDependOnTheOrderOfPairs() {
        Object[] data = NaiveVerification.randomPairs(11, 200, 4, 0.4);
        double[] s = (double[]) data[0];
        boolean[] same = (boolean[]) data[1];
        RocCurve roc = RocCurve.of(s, same);
        int[] perm = permutation(s.length, new Random(5));
        double[] s2 = new double[s.length];
        boolean[] same2 = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            s2[i] = s[perm[i]];
            same2[i] = same[perm[i]];
        }
        RocCurve shuffled = RocCurve.of(s2, same2);
        assertArrayEquals(roc.thresholds(), shuffled.thresholds());
        assertArrayEquals(roc.truePositiveCounts(), shuffled.truePositiveCounts());
        assertArrayEquals(roc.falsePositiveCounts(), shuffled.falsePositiveCounts());
        assertTrue(roc.size() < s.length + 1, "rounded scores must tie: " + roc.size() + " points");
    }

    @Test
    void arrayGettersReturnCopies() {
        RocCurve roc = RocCurve.of(A_SCORES, A_SAME);
        roc.thresholds()[1] = 42;
        roc.truePositiveCounts()[1] = 42;
        assertEquals(0.9, roc.thresholds()[1], 0.0);
        assertEquals(1, roc.truePositiveCounts()[1]);
    }

    static Stream<Arguments> randomSets() {
        // seed, pairs, score levels per unit (0 = continuous, small = many ties), fraction of same pairs
        return Stream.of(
                Arguments.of(1L, 10, 2, 0.5),
                Arguments.of(2L, 57, 3, 0.3),
                Arguments.of(3L, 200, 5, 0.5),
                Arguments.of(4L, 200, 0, 0.5),
                Arguments.of(5L, 333, 1, 0.8),
                Arguments.of(6L, 500, 10, 0.1),
                Arguments.of(7L, 40, 0, 0.05));
    }

    @ParameterizedTest
    @MethodSource("randomSets")
    void matchesNaiveReferences(long seed, int n, int levels, double positiveRate) {
        Object[] data = NaiveVerification.randomPairs(seed, n, levels, positiveRate);
        double[] s = (double[]) data[0];
        boolean[] same = (boolean[]) data[1];
        RocCurve roc = RocCurve.of(s, same);

        assertEquals(NaiveVerification.auc(s, same), roc.auc(), EPS, "AUC");

        double eer = roc.equalErrorRate();
        assertEquals(NaiveVerification.eer(s, same), eer, EPS, "EER");
        // Bracket that holds for any interpolation between operating points: the EER is at least every
        // point's smaller error and at most every point's larger error.
        for (double t : NaiveVerification.candidateThresholds(s)) {
            double far = NaiveVerification.far(s, same, t);
            double frr = 1 - NaiveVerification.tar(s, same, t);
            assertTrue(Math.min(far, frr) <= eer + EPS && eer <= Math.max(far, frr) + EPS,
                    "EER " + eer + " outside [" + Math.min(far, frr) + ", " + Math.max(far, frr) + "] at " + t);
        }

        for (double target : new double[]{0.0, 1e-3, 1e-2, 1e-1, 0.5}) {
            TarAtFar t = roc.tarAtFar(target);
            assertEquals(NaiveVerification.tarAtFar(s, same, target), t.tar(), EPS, "TAR@FAR " + target);
            assertTrue(t.far() <= target, "achieved FAR " + t.far() + " > target " + target);
            assertEquals(NaiveVerification.far(s, same, t.threshold()), t.far(), EPS, "FAR at the reported threshold");
            assertEquals(NaiveVerification.tar(s, same, t.threshold()), t.tar(), EPS, "TAR at the reported threshold");
        }

        ThresholdAccuracy best = roc.bestAccuracy();
        double[] candidates = NaiveVerification.candidateThresholds(s);
        int bestCandidate = NaiveVerification.bestCandidate(s, same);
        int bestCorrect = NaiveVerification.correct(s, same, candidates[bestCandidate]);
        assertEquals(bestCorrect / (double) n, best.accuracy(), EPS, "best accuracy");
        assertEquals(bestCorrect, NaiveVerification.correct(s, same, best.threshold()), "accuracy at the threshold");
        assertEquals(NaiveVerification.bestThreshold(s, same), best.threshold(), EPS, "midpoint threshold");
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void negatingScoresMirrorsTheAuc(long seed) {
        // Reversing the ranking swaps wins and losses and keeps ties: AUC(−s) = 1 − AUC(s).
        Object[] data = NaiveVerification.randomPairs(seed, 150, 3, 0.5);
        double[] s = (double[]) data[0];
        boolean[] same = (boolean[]) data[1];
        double auc = RocCurve.of(s, same).auc();
        double mirrored = RocCurve.of(VerificationMetrics.similaritiesFromDistances(s), same).auc();
        assertEquals(1.0, auc + mirrored, EPS);
        assertTrue(Math.abs(auc - 0.5) > 0.05, "the data must be informative for this test to mean anything: " + auc);
    }

    static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
