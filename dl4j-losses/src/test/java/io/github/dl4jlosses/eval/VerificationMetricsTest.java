package io.github.dl4jlosses.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerificationMetricsTest {

    private static final double EPS = 1e-12;

    // The three-fold worked example of KFoldAccuracyTest; its ROC over all 12 pairs, from the top:
    //   .9T .8T .7T .65T .58T .55F .5F .4F .35T .3F .2F .1F   (P = 6, N = 6)
    private static final double[] SCORES = {0.9, 0.7, 0.4, 0.2, 0.8, 0.5, 0.58, 0.3, 0.65, 0.55, 0.35, 0.1};
    private static final boolean[] SAME = {true, true, false, false, true, false, true, false, true, false, true, false};

    @Test
    void reportOfTheWorkedExample() {
        VerificationReport r = VerificationMetrics.evaluate(SCORES, SAME, 3);
        assertEquals(12, r.pairs());
        assertEquals(6, r.samePairs());
        assertEquals(6, r.differentPairs());
        // Mann–Whitney: the five same pairs above .55 beat all 6 different (30); .35 beats .3 .2 .1 (3) → 33/36.
        assertEquals(33.0 / 36, r.rocAuc(), EPS);
        // At .58: TPR 5/6, FPR 0 → g = 1/6; at .55: TPR 5/6, FPR 1/6 → g = 0 exactly: EER = 1/6.
        assertEquals(1.0 / 6, r.equalErrorRate(), EPS);
        // FAR steps are 1/6 > 0.1: only FAR 0 qualifies for every target; lowest such threshold .58 → TAR 5/6.
        for (TarAtFar t : r.tarAtFar()) {
            assertEquals(5.0 / 6, t.tar(), EPS);
            assertEquals(0.0, t.far(), EPS);
            assertEquals(0.58, t.threshold(), 0.0);
        }
        assertEquals(Arrays.asList(0.1, 0.01, 0.001),
                Arrays.asList(r.tarAtFar().get(0).targetFar(), r.tarAtFar().get(1).targetFar(),
                        r.tarAtFar().get(2).targetFar()));
        assertSame(r.tarAtFar().get(2), r.tarAtFar(1e-3));
        // Correct at .58: 5 + 6 = 11 of 12, the maximum (.35 gives 6 + 3 = 9); threshold (.58 + .55)/2.
        assertEquals(11.0 / 12, r.bestAccuracy().accuracy(), EPS);
        assertEquals(0.565, r.bestAccuracy().threshold(), EPS);
        assertArrayEquals(new double[]{1.0, 0.75, 0.5}, r.kFold().foldAccuracies(), EPS);
        assertEquals(33.0 / 36, r.roc().auc(), EPS);
    }

    @Test
    void explicitFoldsGiveTheSameReportAsInOrderSplitting() {
        int[] folds = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
        assertEquals(VerificationMetrics.evaluate(SCORES, SAME, 3).toMap(),
                VerificationMetrics.evaluate(SCORES, SAME, folds).toMap());
    }

    @Test
    void toMapHoldsEveryScalarUnderStableKeys() {
        Map<String, Object> m = VerificationMetrics.evaluate(SCORES, SAME, 3).toMap();
        assertEquals(Arrays.asList("pairs", "same_pairs", "different_pairs", "roc_auc", "eer", "tar_at_far_0.1",
                "tar_at_far_0.01", "tar_at_far_0.001", "best_accuracy", "best_threshold", "kfold_k",
                "kfold_accuracy_mean", "kfold_accuracy_std", "kfold_accuracy_std_population",
                "kfold_accuracy_standard_error", "kfold_accuracies", "kfold_thresholds"),
                Arrays.asList(m.keySet().toArray()));
        assertEquals(12, m.get("pairs"));
        assertEquals(33.0 / 36, (Double) m.get("roc_auc"), EPS);
        assertEquals(5.0 / 6, (Double) m.get("tar_at_far_0.001"), EPS);
        assertEquals(3, m.get("kfold_k"));
        assertEquals(0.75, (Double) m.get("kfold_accuracy_mean"), EPS);
        assertEquals(0.25, (Double) m.get("kfold_accuracy_std"), EPS);
        assertEquals(Arrays.asList(1.0, 0.75, 0.5), m.get("kfold_accuracies"));
        assertEquals(3, ((List<?>) m.get("kfold_thresholds")).size());
        assertThrows(UnsupportedOperationException.class, () -> m.put("x", 1));
    }

    @Test
    void distancesAreNegated() {
        double[] d = {0.5, -1.0, 0.0, 2.5};
        assertArrayEquals(new double[]{-0.5, 1.0, -0.0, -2.5}, VerificationMetrics.similaritiesFromDistances(d), 0.0);
        // Distances of the worked example: d = 1 − s ranks the pairs the same way as s, so the metrics agree
        // and each threshold comes back as −(1 − t).
        double[] dist = new double[SCORES.length];
        for (int i = 0; i < dist.length; i++) {
            dist[i] = 1 - SCORES[i];
        }
        VerificationReport r = VerificationMetrics.evaluate(VerificationMetrics.similaritiesFromDistances(dist),
                SAME, 3);
        assertEquals(33.0 / 36, r.rocAuc(), EPS);
        assertEquals(0.565 - 1, r.bestAccuracy().threshold(), EPS);
        assertArrayEquals(new double[]{1.0, 0.75, 0.5}, r.kFold().foldAccuracies(), EPS);
    }

    @Test
    void askingForAFarTargetThatWasNotReportedFails() {
        VerificationReport r = VerificationMetrics.evaluate(SCORES, SAME, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.tarAtFar(0.05));
        assertTrue(e.getMessage().contains("but got 0.05"), e.getMessage());
    }

    @Test
    void farTargetsAreACopy() {
        VerificationMetrics.farTargets()[0] = 0.5;
        assertArrayEquals(new double[]{1e-1, 1e-2, 1e-3}, VerificationMetrics.farTargets(), 0.0);
    }

    static Stream<Arguments> badInput() {
        double[] two = {0.1, 0.2};
        boolean[] mixed = {true, false};
        return Stream.of(
                Arguments.of("null scores", (Executable) () -> VerificationMetrics.evaluate(null, mixed, 2),
                        "scores must not be null"),
                Arguments.of("null truth", (Executable) () -> VerificationMetrics.evaluate(two, null, 2),
                        "same must not be null"),
                Arguments.of("length mismatch",
                        (Executable) () -> VerificationMetrics.evaluate(two, new boolean[]{true, false, true}, 2),
                        "one entry per score (2), but it has 3"),
                Arguments.of("empty", (Executable) () -> VerificationMetrics.evaluate(new double[0], new boolean[0], 2),
                        "got 0 same and 0 different (of 0 pairs)"),
                Arguments.of("NaN score",
                        (Executable) () -> VerificationMetrics.evaluate(new double[]{0.1, Double.NaN}, mixed, 2),
                        "scores[1] = NaN"),
                Arguments.of("infinite score",
                        (Executable) () -> RocCurve.of(new double[]{Double.NEGATIVE_INFINITY, 0.2}, mixed),
                        "scores[0] = -Infinity"),
                Arguments.of("only same pairs",
                        (Executable) () -> VerificationMetrics.evaluate(two, new boolean[]{true, true}, 2),
                        "got 2 same and 0 different"),
                Arguments.of("only different pairs",
                        (Executable) () -> RocCurve.of(two, new boolean[]{false, false}),
                        "got 0 same and 2 different"),
                Arguments.of("one fold", (Executable) () -> VerificationMetrics.evaluate(SCORES, SAME, 1),
                        "at least 2 folds"),
                Arguments.of("fold array length",
                        (Executable) () -> VerificationMetrics.evaluate(SCORES, SAME, new int[3]),
                        "foldOfPair to have one entry per score (12), but it has 3"),
                Arguments.of("FAR target above 1",
                        (Executable) () -> RocCurve.of(SCORES, SAME).tarAtFar(1.5),
                        "target FAR in [0, 1], but got 1.5"),
                Arguments.of("NaN FAR target",
                        (Executable) () -> RocCurve.of(SCORES, SAME).tarAtFar(Double.NaN),
                        "but got NaN"),
                Arguments.of("null distances",
                        (Executable) () -> VerificationMetrics.similaritiesFromDistances(null),
                        "distances must not be null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsRejectedWithAMessageNamingIt(String what, Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, what);
        assertTrue(e.getMessage().contains(expected), "message \"" + e.getMessage() + "\" lacks \"" + expected + "\"");
    }
}
