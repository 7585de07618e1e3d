package io.github.dl4jlosses.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KFoldAccuracyTest {

    private static final double EPS = 1e-12;

    /*
     * Three folds of four pairs, laid out in fold order:
     *   fold 0: 0.9 T, 0.7 T, 0.4 F, 0.2 F
     *   fold 1: 0.8 T, 0.5 F, 0.58 T, 0.3 F
     *   fold 2: 0.65 T, 0.55 F, 0.35 T, 0.1 F
     *
     * Fold 0 held out. Train (folds 1+2) from the top: .8T .65T .58T .55F .5F .35T .3F .1F;
     *   correct (TP + TN of 8): none 4, ≥.8 5, ≥.65 6, ≥.58 7, ≥.55 6, ≥.5 5, ≥.35 6, ≥.3 5, ≥.1 4
     *   → best at .58, threshold (.58 + .55)/2 = .565. Test: .9T ✓ .7T ✓ .4F ✓ .2F ✓ → 1.0
     * Fold 1 held out. Train (0+2): .9T .7T .65T .55F .4F .35T .2F .1F;
     *   correct: none 4, 5, 6, ≥.65 7, 6, 5, 6, 5, 4 → threshold (.65 + .55)/2 = .6.
     *   Test: .8T ✓ .5F ✓ .58T ✗ (below .6) .3F ✓ → 0.75
     * Fold 2 held out. Train (0+1): .9T .8T .7T .58T .5F .4F .3F .2F — separable, 8 of 8 at .58,
     *   threshold (.58 + .5)/2 = .54. Test: .65T ✓ .55F ✗ (above .54) .35T ✗ .1F ✓ → 0.5
     *
     * mean = (1 + .75 + .5)/3 = .75; squared deviations .0625 + 0 + .0625 = .125
     * sample std = sqrt(.125 / 2) = .25; population std = sqrt(.125 / 3) = 0.2041241452319315;
     * standard error = .25 / sqrt(3) = 0.14433756729740643.
     */
    private static final double[] SCORES = {0.9, 0.7, 0.4, 0.2, 0.8, 0.5, 0.58, 0.3, 0.65, 0.55, 0.35, 0.1};
    private static final boolean[] SAME = {true, true, false, false, true, false, true, false, true, false, true, false};

    private static void assertWorkedExample(KFoldAccuracy k) {
        assertEquals(3, k.k());
        assertArrayEquals(new int[]{4, 4, 4}, k.foldSizes());
        assertArrayEquals(new double[]{1.0, 0.75, 0.5}, k.foldAccuracies(), EPS);
        assertArrayEquals(new double[]{0.565, 0.6, 0.54}, k.foldThresholds(), EPS);
        assertEquals(0.75, k.mean(), EPS);
        assertEquals(0.25, k.std(), EPS);
        assertEquals(0.2041241452319315, k.populationStd(), EPS);
        assertEquals(0.14433756729740643, k.standardError(), EPS);
    }

    @Test
    void workedExampleSplitInOrder() {
        assertWorkedExample(KFoldAccuracy.inOrder(SCORES, SAME, 3));
    }

    @Test
    void workedExampleWithShuffledExplicitFolds() {
        // The same pairs in another order, each carrying its fold index: the result must not change.
        int[] perm = RocCurveTest.permutation(SCORES.length, new Random(3));
        double[] s = new double[SCORES.length];
        boolean[] same = new boolean[SCORES.length];
        int[] fold = new int[SCORES.length];
        for (int i = 0; i < perm.length; i++) {
            s[i] = SCORES[perm[i]];
            same[i] = SAME[perm[i]];
            fold[i] = perm[i] / 4;
        }
        assertWorkedExample(KFoldAccuracy.withFolds(s, same, fold));
    }

    @Test
    void inOrderFoldsAreSizedAsScikitLearnKFold() {
        // sklearn KFold(3).split(range(10)) test folds: [0..3], [4..6], [7..9].
        assertArrayEquals(new int[]{0, 0, 0, 0, 1, 1, 1, 2, 2, 2}, KFoldAccuracy.inOrderFolds(10, 3));
        assertArrayEquals(new int[]{0, 0, 1, 1}, KFoldAccuracy.inOrderFolds(4, 2));
        assertArrayEquals(new int[]{0, 1, 2}, KFoldAccuracy.inOrderFolds(3, 3));
    }

    @Test
    void lfwShapedFoldsOf300SameAnd300Different() {
        // LFW pairs.txt layout: 10 sets, each 300 matched lines then 300 mismatched. Split in order, every
        // fold is exactly one set. Same pairs score 1 + noise, different pairs noise: every fold near-perfect.
        Random rnd = new Random(1);
        double[] s = new double[6000];
        boolean[] same = new boolean[6000];
        for (int i = 0; i < s.length; i++) {
            same[i] = (i % 600) < 300;
            s[i] = (same[i] ? 1.0 : 0.0) + 0.1 * rnd.nextGaussian();
        }
        KFoldAccuracy k = KFoldAccuracy.inOrder(s, same, 10);
        assertEquals(10, k.k());
        assertArrayEquals(new int[]{600, 600, 600, 600, 600, 600, 600, 600, 600, 600}, k.foldSizes());
        int[] explicit = new int[6000];
        for (int i = 0; i < explicit.length; i++) {
            explicit[i] = i / 600;
        }
        assertArrayEquals(k.foldAccuracies(), KFoldAccuracy.withFolds(s, same, explicit).foldAccuracies(), 0.0);
        // Classes 10 σ apart: P(error) per pair ≈ Φ(−5) ≈ 3e-7.
        assertTrue(k.mean() > 0.999, "mean " + k.mean());
    }

    static Stream<Arguments> randomSets() {
        // seed, pairs, score levels (0 = continuous), same fraction, folds
        return Stream.of(
                Arguments.of(31L, 100, 2, 0.5, 10),
                Arguments.of(32L, 257, 4, 0.4, 7),
                Arguments.of(33L, 600, 0, 0.5, 10),
                Arguments.of(34L, 90, 3, 0.3, 2),
                Arguments.of(35L, 400, 6, 0.6, 5));
    }

    @ParameterizedTest
    @MethodSource("randomSets")
    void matchesNaiveReferenceOnRandomFolds(long seed, int n, int levels, double positiveRate, int k) {
        Object[] data = NaiveVerification.randomPairs(seed, n, levels, positiveRate);
        double[] s = (double[]) data[0];
        boolean[] same = (boolean[]) data[1];
        // Random fold per pair, with one same and one different pair forced into every fold.
        Random rnd = new Random(seed * 31);
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[i] = rnd.nextInt(k);
        }
        int placedSame = 0;
        int placedDifferent = 0;
        for (int i = 0; i < n && (placedSame < k || placedDifferent < k); i++) {
            if (same[i] && placedSame < k) {
                fold[i] = placedSame++;
            } else if (!same[i] && placedDifferent < k) {
                fold[i] = placedDifferent++;
            }
        }
        KFoldAccuracy kf = KFoldAccuracy.withFolds(s, same, fold);
        double[][] naive = NaiveVerification.kFold(s, same, fold, k);
        assertArrayEquals(naive[0], kf.foldAccuracies(), EPS, "fold accuracies");
        assertArrayEquals(naive[1], kf.foldThresholds(), EPS, "fold thresholds");

        double mean = 0;
        for (double a : naive[0]) {
            mean += a / k;
        }
        double ss = 0;
        for (double a : naive[0]) {
            ss += (a - mean) * (a - mean);
        }
        assertEquals(mean, kf.mean(), EPS);
        assertEquals(Math.sqrt(ss / (k - 1)), kf.std(), EPS);
        assertEquals(Math.sqrt(ss / k), kf.populationStd(), EPS);
        assertEquals(Math.sqrt(ss / (k - 1)) / Math.sqrt(k), kf.standardError(), EPS);
        assertTrue(kf.std() > 0, "random folds should not all score the same");
    }

    @Test
    void rejectsFewerThanTwoFolds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KFoldAccuracy.inOrder(SCORES, SAME, 1));
        assertTrue(e.getMessage().contains("at least 2 folds, but got k = 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KFoldAccuracy.withFolds(SCORES, SAME, new int[SCORES.length]));
        assertTrue(e.getMessage().contains("at least 2 folds, but every pair is in fold 0"), e.getMessage());
    }

    @Test
    void rejectsMoreFoldsThanPairs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KFoldAccuracy.inOrder(SCORES, SAME, 13));
        assertTrue(e.getMessage().contains("k = 13 folds for 12 pairs"), e.getMessage());
    }

    @Test
    void rejectsAFoldWithoutDifferentPairsWhenSortedInputIsSplitInOrder() {
        // All same pairs first, then all different pairs: fold 0 of 2 gets only same pairs.
        double[] s = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
        boolean[] same = {true, true, true, false, false, false};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KFoldAccuracy.inOrder(s, same, 2));
        assertTrue(e.getMessage().contains("fold 0 of 2 has 3 same and 0 different"), e.getMessage());
        assertTrue(e.getMessage().contains("interleave"), e.getMessage());
    }

    @Test
    void rejectsAnExplicitFoldWithoutSamePairs() {
        int[] fold = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
        fold[0] = 1; // fold 0 keeps .7T
        fold[1] = 2; // ... and now none
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KFoldAccuracy.withFolds(SCORES, SAME, fold));
        assertTrue(e.getMessage().contains("fold 0 of 3 has 0 same and 2 different"), e.getMessage());
    }

    @Test
    void rejectsAnUnusedFoldIndex() {
        int[] fold = {0, 0, 0, 0, 2, 2, 2, 2, 3, 3, 3, 3}; // fold 1 is empty
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KFoldAccuracy.withFolds(SCORES, SAME, fold));
        assertTrue(e.getMessage().contains("fold 1 of 4 has 0 same and 0 different"), e.getMessage());
    }

    @Test
    void rejectsANegativeFoldIndex() {
        int[] fold = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, -1, 2};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KFoldAccuracy.withFolds(SCORES, SAME, fold));
        assertTrue(e.getMessage().contains("foldOfPair[10] = -1"), e.getMessage());
    }

    @Test
    void rejectsFoldIndicesOfAnotherLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KFoldAccuracy.withFolds(SCORES, SAME, new int[]{0, 1}));
        assertTrue(e.getMessage().contains("foldOfPair to have one entry per score (12), but it has 2"),
                e.getMessage());
    }
}
