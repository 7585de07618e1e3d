package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.apache.commons.lang3.SerializationUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A twin's graphs replayed by a {@link GraphPlan} give bit for bit what SameDiff's session gives on the same inputs
 * (the same kernels in the same order): for every registered twin, in DOUBLE and FLOAT, through new inputs of the
 * shapes the plan was made for, masks, and a batch size that changes and comes back. The reference is the same twin
 * with every call through the session ({@link SameDiffRankingLoss#sessionOnly()}). And the plans only run where they
 * should: not before two calls in a row of one shape, not when the batch size changes from call to call, and a plan
 * of a batch size no longer seen does not keep its arrays.
 */
class GraphPlanTest {
    private static final int D = 5;
    private static final IActivation TANH = Activation.TANH.getActivationFunction();
    /**
     * (seed, rows, masked) of the calls: a plan from the second call on, then new values, masked calls (which change
     * the shapes of twins that remove masked rows), another batch size and the first again.
     */
    private static final int[][] CALLS = {{1, 12, 0}, {1, 12, 0}, {2, 12, 0}, {3, 12, 1}, {3, 12, 1}, {4, 12, 1},
            {5, 9, 0}, {6, 9, 0}, {7, 9, 0}, {2, 12, 0}, {8, 12, 0}};

    static Stream<Arguments> cases() {
        return TwinCase.all().stream().flatMap(c -> Stream.of(
                Arguments.of(c, DataType.DOUBLE), Arguments.of(c, DataType.FLOAT)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aReplayedCallGivesWhatTheSessionGives(TwinCase c, DataType type) {
        SameDiffRankingLoss replayed = (SameDiffRankingLoss) SameDiffTwins.of(c.analytic);
        SameDiffRankingLoss reference = (SameDiffRankingLoss) SameDiffTwins.of(c.analytic);
        reference.sessionOnly();
        for (int[] call : CALLS) {
            // The labels of a batch size stay (the shapes of some twins' placeholders follow the class sizes).
            INDArray[] in = {c.inputs.make(type, 1000 + call[1], call[1], D)[0],
                    c.inputs.make(type, call[0], call[1], D)[1]};
            INDArray mask = call[2] == 1 ? RandomArrays.maskWithHoles(type, call[1]) : null;
            String what = "call of seed " + call[0] + ", " + call[1] + " rows, masked " + (call[2] == 1);
            assertSameScoreAndGradient(reference, replayed, in, mask, what);
            assertArrayEquals(reference.computeScoreArray(in[0], in[1], TANH, mask).ravel().toDoubleVector(),
                    replayed.computeScoreArray(in[0], in[1], TANH, mask).ravel().toDoubleVector(), 0.0,
                    "per-row scores (the forward graph), " + what);
        }
        assertEquals(0, reference.replayedCalls(), "the reference ran every call through the session");
        // Each graph replays calls 3, 6 and 9 at least (where masked rows are removed; 3–6 and 9 where not); a
        // cross-batch memory's placeholder grows with the calls until the memory is full, so fewer calls repeat a shape.
        long least = c.id.startsWith("crossBatchMemory") ? 2 : 6;
        assertTrue(replayed.replayedCalls() >= least, "calls replayed: " + replayed.replayedCalls());
    }

    /**
     * Twins of each kind at a size libnd4j splits over threads ({@code [256,64]} rows, {@code [256,256]} matrices), where
     * a replayed call runs on one thread ({@link SmallOpThreads}) and the session on libnd4j's: still bit for bit (an
     * element-wise op's elements and a row reduction's rows are each computed alike whichever thread takes them), and
     * libnd4j's thread count is what it was after the calls. The default test run has one OpenMP thread; the surefire
     * execution {@code two-threads} runs this with two.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aReplayedCallOnOneThreadGivesWhatTheSessionGivesOnTwo(TwinCase c) {
        SameDiffRankingLoss replayed = (SameDiffRankingLoss) SameDiffTwins.of(c.analytic);
        SameDiffRankingLoss reference = (SameDiffRankingLoss) SameDiffTwins.of(c.analytic);
        reference.sessionOnly();
        int threads = Nd4j.getEnvironment().maxMasterThreads();
        for (int seed = 1; seed <= 4; seed++) {
            INDArray[] in = {c.inputs.make(DataType.FLOAT, 1256, 256, 64)[0],
                    c.inputs.make(DataType.FLOAT, seed, 256, 64)[1].muli(0.3)};
            assertSameScoreAndGradient(reference, replayed, in, null, "call " + seed);
        }
        assertTrue(replayed.replayedCalls() >= 2, "calls replayed: " + replayed.replayedCalls());
        assertEquals(threads, Nd4j.getEnvironment().maxMasterThreads(), "libnd4j's threads put back");
    }

    /** The score and gradient of one call of each twin, bit for bit. */
    private static void assertSameScoreAndGradient(SameDiffRankingLoss reference, SameDiffRankingLoss replayed,
                                                   INDArray[] in, INDArray mask, String what) {
        Pair<Double, INDArray> expected = reference.computeGradientAndScore(in[0], in[1], TANH, mask, false);
        Pair<Double, INDArray> actual = replayed.computeGradientAndScore(in[0], in[1], TANH, mask, false);
        assertTrue(expected.getSecond().norm2Number().doubleValue() > 0, "a zero gradient compares nothing");
        assertEquals(expected.getFirst(), actual.getFirst(), 0.0, "score, " + what);
        assertArrayEquals(expected.getSecond().ravel().toDoubleVector(),
                actual.getSecond().ravel().toDoubleVector(), 0.0, "gradient, " + what);
    }

    static Stream<TwinCase> kinds() {
        return TwinCase.all().stream().filter(c -> Stream.of("contrastive[EUCLIDEAN", "multiSampleTriplet[EUCLIDEAN",
                "infoNCE[defaults", "batchTriplet[HARD,", "multiSimilarity[defaults", "circle[defaults]")
                .anyMatch(c.id::startsWith));
    }

    @Test
    void noPlanWhileTheBatchSizeChangesFromCallToCall() {
        TwinCase c = TwinCase.all().get(0);
        SameDiffRankingLoss twin = (SameDiffRankingLoss) SameDiffTwins.of(c.analytic);
        for (int i = 0; i < 6; i++) {
            INDArray[] in = c.inputs.make(DataType.DOUBLE, i, i % 2 == 0 ? 12 : 9, D);
            twin.computeGradientAndScore(in[0], in[1], TANH, null, false);
        }
        assertEquals(0, twin.replayedCalls());
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 7, 9, D);
        twin.computeGradientAndScore(in[0], in[1], TANH, null, false);
        twin.computeGradientAndScore(in[0], in[1], TANH, null, false);
        assertEquals(1, twin.replayedCalls(), "two calls of 9 rows after one: the second is replayed");
    }

    @Test
    void aTwinCopiedByJavaSerializationReplaysAsTheOriginal() {
        TwinCase c = TwinCase.all().get(0);
        SameDiffRankingLoss copy = SerializationUtils.clone((SameDiffRankingLoss) SameDiffTwins.of(c.analytic));
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 3, 12, D);
        for (int i = 0; i < 3; i++) {
            copy.computeGradientAndScore(in[0], in[1], TANH, null, false);
        }
        assertEquals(1, copy.replayedCalls(), "its third call of one shape is replayed");
    }

    @Test
    void anEpochsSmallerLastBatchLeavesThePlanInPlace() {
        TwinCase c = TwinCase.all().get(0);
        SameDiffRankingLoss twin = (SameDiffRankingLoss) SameDiffTwins.of(c.analytic);
        int[] rows = {12, 12, 12, 12, 5, 12, 12, 5, 12};
        for (int i = 0; i < rows.length; i++) {
            INDArray[] in = c.inputs.make(DataType.DOUBLE, i, rows[i], D);
            twin.computeGradientAndScore(in[0], in[1], TANH, null, false);
        }
        assertEquals(5, twin.replayedCalls(),
                "every 12-row call from the third on, the 5-row ones through the session");
    }

    @Test
    void aPlanHoldsItsArraysAcrossCallsAndDropsThemForAnotherSize() {
        LossGraph graph = LossGraph.build(new SDLossContrastive(new io.github.dl4jlosses.loss.LossContrastive()),
                DataType.DOUBLE);
        INDArray[] large = {RandomArrays.gaussian(DataType.DOUBLE, 1, 16, 8),
                RandomArrays.binaryLabels(DataType.DOUBLE, 2, 16), RandomArrays.maskWithHoles(DataType.DOUBLE, 16)};
        INDArray[] small = {RandomArrays.gaussian(DataType.DOUBLE, 3, 6, 8),
                RandomArrays.binaryLabels(DataType.DOUBLE, 4, 6), RandomArrays.maskWithHoles(DataType.DOUBLE, 6)};
        for (int i = 0; i < 3; i++) {
            graph.perExampleAndGradient(large[0], large[1], large[2], Collections.emptyMap());
        }
        assertEquals(1, graph.replayedCalls());
        int held = graph.heldArrays();
        assertTrue(graph.heldShapes().stream().anyMatch(s -> s.length > 0 && s[0] == 16), "the plan's 16-row arrays");
        for (int i = 0; i < 5; i++) {
            graph.perExampleAndGradient(large[0], large[1], large[2], Collections.emptyMap());
        }
        assertEquals(6, graph.replayedCalls());
        assertEquals(held, graph.heldArrays(), "replayed calls allocate nothing more");
        for (int i = 0; i < 3; i++) {
            graph.perExampleAndGradient(small[0], small[1], small[2], Collections.emptyMap());
        }
        assertEquals(7, graph.replayedCalls(), "a plan for the 6-row calls from the second on");
        assertTrue(graph.heldShapes().stream().noneMatch(s -> s.length > 0 && s[0] == 16),
                "the 16-row plan's arrays are gone: " + graph.heldShapes().size());
    }
}
