package io.github.dl4jlosses.eval;

import io.github.dl4jlosses.testutil.Views;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RetrievalMetricsTest {

    private static final double EPS = 1e-12;

    /*
     * Euclidean worked example: six points on a line (second coordinate 0), x = 0 1 3 4 7 10,
     * labels A A B A B C (C is alone, so item 5 is skipped as a query). Distances |x_q − x_j|;
     * ties go to the lower index.
     *   q0 (x0, A, R=2): 1A(1) 2B(3) 3A(4) 4B(7) 5C(10)  rel 1 0 | first hit 1 | R-prec 1/2 | MAP (1/2)(1/1) = .5
     *   q1 (x1, A, R=2): 0A(1) 2B(2) 3A(3) 4B(6) 5C(9)   rel 1 0 | first hit 1 | R-prec 1/2 | MAP .5
     *   q2 (x3, B, R=1): 3A(1) 1A(2) 0A(3) 4B(4) 5C(7)   rel 0   | first hit 4 | R-prec 0   | MAP 0
     *   q3 (x4, A, R=2): 2B(1) 1A(3) 4B(3) 0A(4) 5C(6)   rel 0 1 | first hit 2 | R-prec 1/2 | MAP (1/2)(1/2) = .25
     *                    (1 and 4 tie at distance 3: index 1 first)
     *   q4 (x7, B, R=1): 3A(3) 5C(3) 2B(4) 1A(6) 0A(7)   rel 0   | first hit 3 | R-prec 0   | MAP 0
     *                    (3 and 5 tie at distance 3: index 3 first)
     * Over the 5 queries: Recall@1 = 2/5, @2 = 3/5, @3 = 4/5, @5 = 5/5;
     * R-precision = (.5 + .5 + 0 + .5 + 0)/5 = .3; MAP@R = (.5 + .5 + 0 + .25 + 0)/5 = .25.
     */
    private static final double[][] LINE = {{0, 0}, {1, 0}, {3, 0}, {4, 0}, {7, 0}, {10, 0}};
    private static final int[] LINE_LABELS = {0, 0, 1, 0, 1, 2};

    @ParameterizedTest(name = "block size {0}")
    @ValueSource(ints = {0, 1, 2, 4, 6, 100})
    void euclideanWorkedExample(int blockSize) {
        RetrievalMetrics metrics = RetrievalMetrics.euclidean().withRecallAt(1, 2, 3, 5);
        if (blockSize > 0) {
            metrics = metrics.withBlockSize(blockSize);
        }
        RetrievalReport r = metrics.evaluate(Nd4j.createFromArray(LINE), LINE_LABELS);
        assertEquals(6, r.items());
        assertEquals(5, r.queries());
        assertEquals(1, r.skippedQueries());
        assertEquals(0.4, r.recallAt(1), EPS);
        assertEquals(0.6, r.recallAt(2), EPS);
        assertEquals(0.8, r.recallAt(3), EPS);
        assertEquals(1.0, r.recallAt(5), EPS);
        assertEquals(0.3, r.rPrecision(), EPS);
        assertEquals(0.25, r.mapAtR(), EPS);
    }

    /*
     * Cosine worked example in 2-D: 0:(1,0) A, 1:(1,1) A, 2:(0,1) B, 3:(−1,0) B, 4:(3,0) A.
     * Cosines (c = 1/√2): item 4 points the same way as item 0.
     *   q0 A, R=2: 4A(1) 1A(c) 2B(0) 3B(−1)            rel 1 1 | R-prec 1   | MAP (1/2)(1 + 1) = 1
     *   q1 A, R=2: 0A(c) 2B(c) 4A(c) 3B(−c)            rel 1 0 | R-prec 1/2 | MAP (1/2)(1) = .5   (three-way tie)
     *   q2 B, R=1: 1A(c) 0A(0) 3B(0) 4A(0)             rel 0   | R-prec 0   | MAP 0; first hit at 3
     *   q3 B, R=1: 2B(0) 1A(−c) 0A(−1) 4A(−1)          rel 1   | R-prec 1   | MAP 1
     *   q4 A, R=2: 0A(1) 1A(c) 2B(0) 3B(−1)            rel 1 1 | R-prec 1   | MAP 1
     * Recall@1 = 4/5; Recall@2 = 4/5 (q2 still misses); Recall@3 = 1; R-precision = MAP@R = 3.5/5 = .7.
     * Euclidean on the same points ranks q0 differently (item 4 is now far from item 0):
     *   q0: 1A(1) 2B(√2) 3B(2) 4A(2)  → rel 1 0, R-prec .5, MAP .5   (3 and 4 tie: index 3 first)
     *   q1: 0A(1) 2B(1) 3B(√5) 4A(√5) → rel 1 0, R-prec .5, MAP .5
     *   q2: 1A(1) 0A(√2) 3B(√2) 4A(√10) → first hit at 3, R-prec 0, MAP 0
     *   q3: 2B(√2) 0A(2) 1A(√5) 4A(4) → rel 1, R-prec 1, MAP 1
     *   q4: 0A(2) 1A(√5) 2B(√10) 3B(4) → rel 1 1, R-prec 1, MAP 1
     *   Recall@1 = 4/5, R-precision = MAP@R = (.5 + .5 + 0 + 1 + 1)/5 = .6.
     */
    private static final double[][] PLANE = {{1, 0}, {1, 1}, {0, 1}, {-1, 0}, {3, 0}};
    private static final int[] PLANE_LABELS = {0, 0, 1, 1, 0};

    @Test
    void cosineWorkedExample() {
        RetrievalReport r = RetrievalMetrics.cosine().withRecallAt(1, 2, 3)
                .evaluate(Nd4j.createFromArray(PLANE), PLANE_LABELS);
        assertEquals(5, r.queries());
        assertEquals(0.8, r.recallAt(1), EPS);
        assertEquals(0.8, r.recallAt(2), EPS);
        assertEquals(1.0, r.recallAt(3), EPS);
        assertEquals(0.7, r.rPrecision(), EPS);
        assertEquals(0.7, r.mapAtR(), EPS);
    }

    @Test
    void euclideanOnTheCosineExampleRanksDifferently() {
        RetrievalReport r = RetrievalMetrics.euclidean().evaluate(Nd4j.createFromArray(PLANE), PLANE_LABELS);
        assertEquals(0.8, r.recallAt(1), EPS);
        assertEquals(0.6, r.rPrecision(), EPS);
        assertEquals(0.6, r.mapAtR(), EPS);
        // K = 5 and 10 exceed the 4 other items: every evaluated query has a same-class item somewhere.
        assertEquals(1.0, r.recallAt(5), EPS);
        assertEquals(1.0, r.recallAt(10), EPS);
    }

    @Test
    void duplicateOfTheQueryIsANeighbourButTheQueryItselfIsNot() {
        // Items 0 and 1 are identical (class A); 2 is class B, closer to 0 than anything but 1.
        // q0: 1A at distance 0 → Recall@1 = 1. If the query were not excluded by index, q0 would see itself.
        // q1: 0A at distance 0 → 1. q2 (B) is alone → skipped.
        double[][] x = {{0, 0}, {0, 0}, {1, 0}};
        RetrievalReport r = RetrievalMetrics.euclidean().evaluate(Nd4j.createFromArray(x), new int[]{0, 0, 1});
        assertEquals(2, r.queries());
        assertEquals(1.0, r.recallAt(1), EPS);
        assertEquals(1.0, r.mapAtR(), EPS);
    }

    @Test
    void zeroVectorHasCosineZeroInsteadOfNaN() {
        // q0 = (0,0) A: cosine 0 with everything; ties broken by index: 1B, 2A → rel 0 1, R=1 → R-prec 0.
        // q2 = (1,0) A: 1B(1,0) cos 1, 0A cos 0 → Recall@1 0, first hit 2. q1 B alone → skipped.
        double[][] x = {{0, 0}, {1, 0}, {1, 0}};
        RetrievalReport r = RetrievalMetrics.cosine().withRecallAt(1, 2)
                .evaluate(Nd4j.createFromArray(x), new int[]{0, 1, 0});
        assertEquals(2, r.queries());
        assertEquals(0.0, r.recallAt(1), EPS);
        assertEquals(1.0, r.recallAt(2), EPS);
        assertEquals(0.0, r.mapAtR(), EPS);
    }

    static Stream<Arguments> randomSets() {
        // seed, N, D, classes, cosine?, data type, block size (0 = default), integer coordinates (ties)?
        return Stream.of(
                Arguments.of(1L, 150, 8, 10, true, DataType.DOUBLE, 0, false),
                Arguments.of(2L, 150, 8, 10, false, DataType.DOUBLE, 7, false),
                Arguments.of(3L, 97, 4, 30, true, DataType.FLOAT, 1, false),
                Arguments.of(4L, 97, 4, 30, false, DataType.FLOAT, 13, false),
                Arguments.of(5L, 120, 3, 6, false, DataType.DOUBLE, 16, true),
                Arguments.of(6L, 200, 2, 4, false, DataType.FLOAT, 0, true),
                Arguments.of(7L, 1500, 16, 40, true, DataType.FLOAT, 100, false));
    }

    @ParameterizedTest
    @MethodSource("randomSets")
    void matchesNaiveReference(long seed, int n, int d, int classes, boolean cosine, DataType type, int block,
                               boolean integerCoordinates) {
        Random rnd = new Random(seed);
        int[] labels = new int[n];
        double[][] centres = new double[classes][d];
        for (double[] c : centres) {
            for (int k = 0; k < d; k++) {
                c[k] = rnd.nextGaussian();
            }
        }
        INDArray x = Nd4j.create(type, n, d);
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(classes);
            for (int k = 0; k < d; k++) {
                double v = integerCoordinates ? rnd.nextInt(3) : centres[labels[i]][k] + 0.8 * rnd.nextGaussian();
                x.putScalar(i, k, v);
            }
        }
        labels[n - 1] = -7; // a class of its own: one skipped query at least
        // The reference sees exactly the stored values (FLOAT rounding included), as doubles.
        double[][] stored = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] ks = {1, 2, 5, 10};
        NaiveRetrieval.Result expected = NaiveRetrieval.evaluate(stored, labels, cosine, ks);

        RetrievalMetrics metrics = (cosine ? RetrievalMetrics.cosine() : RetrievalMetrics.euclidean()).withRecallAt(ks);
        if (block > 0) {
            metrics = metrics.withBlockSize(block);
        }
        RetrievalReport r = metrics.evaluate(x, labels);

        assertEquals(expected.queries, r.queries());
        assertTrue(r.skippedQueries() >= 1);
        for (int m = 0; m < ks.length; m++) {
            assertEquals(expected.recall[m], r.recallAt(ks[m]), EPS, "Recall@" + ks[m]);
        }
        assertEquals(expected.rPrecision, r.rPrecision(), EPS, "R-precision");
        assertEquals(expected.mapAtR, r.mapAtR(), EPS, "MAP@R");
        // Informative data only: neither metric pinned at 0 or 1, and MAP@R ≤ R-precision (P(i) ≤ 1).
        assertTrue(r.recallAt(1) > 0.05 && r.recallAt(1) < 0.98, "Recall@1 " + r.recallAt(1));
        assertTrue(r.mapAtR() <= r.rPrecision() + EPS);
        for (String layout : Views.LAYOUTS) {       // the embeddings as a view give the same report
            RetrievalReport v = metrics.evaluate(Views.of(x, layout), labels);
            assertEquals(r.mapAtR(), v.mapAtR(), EPS, layout);
            assertEquals(r.rPrecision(), v.rPrecision(), EPS, layout);
            assertEquals(r.recallAt(1), v.recallAt(1), EPS, layout);
        }
    }

    @Test
    void blockSizeDoesNotChangeTheResult() {
        Random rnd = new Random(9);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 301, 5);
        int[] labels = new int[301];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rnd.nextInt(12);
        }
        Map<String, Object> whole = RetrievalMetrics.cosine().evaluate(x, labels).toMap();
        for (int block : new int[]{1, 10, 300, 301, 1000}) {
            assertEquals(whole, RetrievalMetrics.cosine().withBlockSize(block).evaluate(x, labels).toMap(),
                    "block " + block);
        }
    }

    @Test
    void inputIsNotModified() {
        INDArray x = Nd4j.createFromArray(PLANE);
        INDArray copy = x.dup();
        RetrievalMetrics.cosine().evaluate(x, PLANE_LABELS);
        RetrievalMetrics.euclidean().evaluate(x, PLANE_LABELS);
        assertEquals(copy, x);
    }

    @Test
    void toMapHoldsEveryMetricUnderStableKeys() {
        Map<String, Object> m = RetrievalMetrics.euclidean().evaluate(Nd4j.createFromArray(LINE), LINE_LABELS).toMap();
        assertEquals(Arrays.asList("similarity", "items", "queries", "skipped_queries", "recall_at_1", "recall_at_5",
                "recall_at_10", "r_precision", "map_at_r"), Arrays.asList(m.keySet().toArray()));
        assertEquals("euclidean", m.get("similarity"));
        assertEquals(6, m.get("items"));
        assertEquals(5, m.get("queries"));
        assertEquals(1, m.get("skipped_queries"));
        assertEquals(0.4, (Double) m.get("recall_at_1"), EPS);
        assertEquals(0.3, (Double) m.get("r_precision"), EPS);
        assertEquals(0.25, (Double) m.get("map_at_r"), EPS);
    }

    @Test
    void recallKsAreSortedAndDeduplicated() {
        RetrievalReport r = RetrievalMetrics.euclidean().withRecallAt(5, 1, 5, 3)
                .evaluate(Nd4j.createFromArray(LINE), LINE_LABELS);
        assertArrayEquals(new Integer[]{1, 3, 5}, r.recallAtK().keySet().toArray(new Integer[0]));
    }

    static Stream<Arguments> badInput() {
        INDArray ok = Nd4j.createFromArray(LINE);
        return Stream.of(
                Arguments.of("null embeddings",
                        (Executable) () -> RetrievalMetrics.cosine().evaluate(null, LINE_LABELS),
                        "embeddings must not be null"),
                Arguments.of("null labels", (Executable) () -> RetrievalMetrics.cosine().evaluate(ok, null),
                        "labels must not be null"),
                Arguments.of("rank 1", (Executable) () -> RetrievalMetrics.cosine()
                        .evaluate(Nd4j.createFromArray(1.0, 2.0, 3.0), new int[]{0, 0, 0}),
                        "shape [N,D], but got shape [3]"),
                Arguments.of("one row", (Executable) () -> RetrievalMetrics.cosine()
                        .evaluate(Nd4j.createFromArray(new double[][]{{1, 2}}), new int[]{0}),
                        "N ≥ 2 and D ≥ 1, but got shape [1, 2]"),
                Arguments.of("labels length", (Executable) () -> RetrievalMetrics.cosine()
                        .evaluate(ok, new int[]{0, 0, 1}),
                        "one label per embedding row (6), but got 3 labels"),
                Arguments.of("NaN embedding", (Executable) () -> RetrievalMetrics.cosine()
                        .evaluate(Nd4j.createFromArray(new double[][]{{1, 2}, {Double.NaN, 0}}), new int[]{0, 0}),
                        "finite embeddings"),
                Arguments.of("infinite embedding", (Executable) () -> RetrievalMetrics.euclidean()
                        .evaluate(Nd4j.createFromArray(new float[][]{{1, Float.POSITIVE_INFINITY}, {0, 0}}),
                                new int[]{0, 0}),
                        "finite embeddings"),
                Arguments.of("integer embeddings", (Executable) () -> RetrievalMetrics.cosine()
                        .evaluate(Nd4j.createFromArray(new int[][]{{1, 2}, {3, 4}}), new int[]{0, 0}),
                        "floating-point embeddings, but got INT"),
                Arguments.of("all labels distinct", (Executable) () -> RetrievalMetrics.cosine()
                        .evaluate(ok, new int[]{0, 1, 2, 3, 4, 5}),
                        "all 6 labels are distinct"),
                Arguments.of("K = 0", (Executable) () -> RetrievalMetrics.cosine().withRecallAt(1, 0),
                        "≥ 1, but got [1, 0]"),
                Arguments.of("no K", (Executable) () -> RetrievalMetrics.cosine().withRecallAt(),
                        "at least one K"),
                Arguments.of("block 0", (Executable) () -> RetrievalMetrics.cosine().withBlockSize(0),
                        "block size ≥ 1 query, but got 0"),
                Arguments.of("null similarity", (Executable) () -> RetrievalMetrics.of(null),
                        "similarity must not be null"),
                Arguments.of("K not evaluated", (Executable) () -> RetrievalMetrics.cosine().evaluate(ok, LINE_LABELS)
                        .recallAt(3), "evaluated K [1, 5, 10], but got 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsRejectedWithAMessageNamingIt(String what, Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, what);
        assertTrue(e.getMessage().contains(expected), "message \"" + e.getMessage() + "\" lacks \"" + expected + "\"");
    }
}
