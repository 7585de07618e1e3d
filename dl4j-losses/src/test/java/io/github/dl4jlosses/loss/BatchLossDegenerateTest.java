package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Degenerate batches — one class, no positive pair, all embeddings equal, zero vectors, every row masked —
 * give a finite score and gradient, exactly 0 where nothing is valid, and one warning rather than one per call.
 */
class BatchLossDegenerateTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();
    private static final int B = 6;

    /** Fresh instances per test: the warning is rate-limited per loss instance. */
    static List<Supplier<BatchLoss>> losses() {
        List<Supplier<BatchLoss>> l = new ArrayList<>();
        l.add(LossGeneralizedTriplet::new);
        l.add(() -> LossGeneralizedTriplet.builder().with(LossGeneralizedTriplet.DISTANCE, Distance.EUCLIDEAN).build());
        l.add(() -> LossNPair.builder().with(LossNPair.LAMBDA, 0).build());
        l.add(() -> LossInfoNCE.builder().with(LossInfoNCE.SYMMETRIC, true).build());
        for (TripletMining m : TripletMining.values()) {
            l.add(() -> LossBatchTriplet.builder().with(LossBatchTriplet.MINING, m)
                    .with(LossBatchTriplet.DISTANCE, Distance.EUCLIDEAN).build());
        }
        l.add(() -> LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                .with(LossBatchTriplet.DISTANCE, Distance.COSINE).build());
        l.add(() -> LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.ALL)
                .with(LossBatchTriplet.DISTANCE, Distance.MANHATTAN).with(LossBatchTriplet.SOFT_MARGIN, true).build());
        l.add(LossMultiSimilarity::new);
        l.add(() -> LossMultiSimilarity.builder().with(LossMultiSimilarity.MINE, false).build());
        l.add(LossCircle::new);
        l.add(() -> LossCircle.builder().with(LossCircle.DETACH_WEIGHTS, false).build());
        l.add(LossSupCon::new);
        l.add(LossLiftedStructure::new);
        l.add(() -> LossLiftedStructure.builder().with(LossLiftedStructure.DISTANCE, Distance.COSINE).build());
        return l;
    }

    static Stream<Arguments> lossesAndTypes() {
        return losses().stream().map(l -> Arguments.of(l.get(), DataType.DOUBLE));
    }

    /** Equal and zero embeddings are where rounding matters: both data types. */
    static Stream<Arguments> lossesAndBothTypes() {
        return losses().stream().flatMap(l -> Stream.of(
                Arguments.of(l.get(), DataType.DOUBLE), Arguments.of(l.get(), DataType.FLOAT)));
    }

    private static boolean isPairBatch(BatchLoss loss) {
        return loss instanceof PairBatchLoss;
    }

    private static INDArray embeddings(BatchLoss loss, DataType type, long seed) {
        return RandomArrays.gaussian(type, seed, B, isPairBatch(loss) ? 6 : 3);
    }

    private static INDArray ids(DataType type, double... v) {
        INDArray a = Nd4j.create(type, v.length, 1);
        for (int i = 0; i < v.length; i++) a.putScalar(i, 0, v[i]);
        return a;
    }

    /** Three calls (score array, then score and gradient twice); returns what System.err (slf4j-simple's target) got. */
    private static String callRepeatedly(BatchLoss loss, INDArray labels, INDArray pre, INDArray mask,
                                         double expectedScore) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            INDArray perRow = loss.computeScoreArray(labels, pre, ID, mask);
            assertFinite(perRow, loss + " per-row score");
            for (int k = 0; k < 2; k++) {
                Pair<Double, INDArray> both = loss.computeGradientAndScore(labels, pre, ID, mask, true);
                INDArray grad = both.getSecond();
                assertFinite(grad, loss + " gradient");
                assertTrue(Double.isFinite(both.getFirst()), loss + " score " + both.getFirst());
                if (!Double.isNaN(expectedScore)) {
                    assertEquals(expectedScore, both.getFirst(), 0.0, loss + " score");
                    assertEquals(0.0, perRow.norm1Number().doubleValue(), 0.0, loss + " per-row scores");
                    assertEquals(0.0, grad.norm1Number().doubleValue(), 0.0, loss + ": nothing valid, so no gradient");
                }
            }
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static void assertFinite(INDArray a, String what) {
        assertFalse(a.isNaN().any() || a.isInfinite().any(), what + " has NaN/Inf: " + a);
    }

    private static void assertWarnedOnce(BatchLoss loss, long before, String log) {
        assertEquals(before + 1, loss.degenerateWarningsLogged(), loss + ": one warning for three degenerate batches");
        int lines = log.split(loss.name() + ":", -1).length - 1;
        assertEquals(1, lines, loss + ": exactly one logged line naming the loss, got:\n" + log);
        assertTrue(log.contains("WARN"), log);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndTypes")
    void singleClassScoresZeroAndWarnsOnce(BatchLoss loss, DataType type) {
        INDArray pre = embeddings(loss, type, 1);
        INDArray oneClass = ids(type, 4, 4, 4, 4, 4, 4);
        long before = loss.degenerateWarningsLogged();
        String log = callRepeatedly(loss, oneClass, pre, null, 0.0);
        assertWarnedOnce(loss, before, log);
    }

    /**
     * A degenerate batch still refuses a NaN: a loss that checks its input through what it computes (InfoNCE's norms)
     * must check it before it returns zeros for a batch it has nothing to compute on.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndBothTypes")
    void singleClassWithNaNIsRefused(BatchLoss loss, DataType type) {
        INDArray pre = embeddings(loss, type, 1);
        pre.putScalar(3, 1, Double.NaN);
        INDArray oneClass = ids(type, 4, 4, 4, 4, 4, 4);
        String m = assertThrows(IllegalArgumentException.class,
                () -> loss.computeGradientAndScore(oneClass, pre, ID, null, true)).getMessage();
        assertTrue(m.contains(loss.name()) && m.contains("row 3") && m.contains("NaN"), m);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndTypes")
    void noPositivePair(BatchLoss loss, DataType type) {
        INDArray pre = embeddings(loss, type, 2);
        INDArray distinct = ids(type, 0, 1, 2, 3, 4, 5);
        if (isPairBatch(loss)) {
            // pair batches bring their positive along: distinct classes are the normal case, with a positive loss
            String log = callRepeatedly(loss, distinct, pre, null, Double.NaN);
            assertTrue(loss.computeScore(distinct, pre, ID, null, true) > 0, loss.toString());
            assertEquals("", log.trim());
        } else {
            long before = loss.degenerateWarningsLogged();
            String log = callRepeatedly(loss, distinct, pre, null, 0.0);
            assertWarnedOnce(loss, before, log);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndBothTypes")
    void allEmbeddingsEqualOrZeroGiveFiniteResults(BatchLoss loss, DataType type) {
        INDArray labels = ids(type, 0, 1, 0, 1, 0, 1);
        int width = isPairBatch(loss) ? 6 : 3;
        INDArray same = Nd4j.ones(type, B, width).muli(0.3);
        callRepeatedly(loss, labels, same, null, Double.NaN);
        INDArray zeros = Nd4j.zeros(type, B, width);
        callRepeatedly(loss, labels, zeros, null, Double.NaN);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndTypes")
    void everyRowMaskedScoresZero(BatchLoss loss, DataType type) {
        INDArray pre = embeddings(loss, type, 3);
        INDArray labels = ids(type, 0, 1, 0, 1, 0, 1);
        long before = loss.degenerateWarningsLogged();
        String log = callRepeatedly(loss, labels, pre, Nd4j.zeros(type, B, 1), 0.0);
        assertWarnedOnce(loss, before, log);
        // one row left: nothing to compare with
        INDArray one = Nd4j.zeros(type, B, 1);
        one.putScalar(2, 0, 1.0);
        assertEquals(0.0, loss.computeScore(labels, pre, ID, one, true), 0.0);
    }
}
