package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.testutil.FiniteDifferences;
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
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every in-batch / mined loss × option × data type × mask, against its naive loop reference
 * ({@link BatchLossCase}) on random batches with repeated labels, and against finite differences.
 */
class BatchLossValueTest {
    static final int B = 8;
    static final int D = 3;
    static final int CLASSES = 3;
    /** Finite differences cost 2 evaluations per entry: a smaller batch, 2 classes so masking keeps triplets. */
    static final int FD_B = 6;
    static final int FD_CLASSES = 2;
    /** Embedding width for finite differences: 2 in pair batches (whose rows hold two), 3 in labelled batches. */
    static int fdWidth(BatchLossCase c) {
        return c.family == BatchLossCase.Family.PAIR_BATCH ? c.width(2) : c.width(3);
    }
    private static final IActivation TANH = Activation.TANH.getActivationFunction();

    /** DOUBLE with and without a mask, FLOAT without (the mask path does not depend on the data type). */
    static Stream<Arguments> casesTypesMasks() {
        return BatchLossCase.all().stream().flatMap(c -> Stream.of(
                Arguments.of(c, DataType.DOUBLE, false), Arguments.of(c, DataType.DOUBLE, true),
                Arguments.of(c, DataType.FLOAT, false)));
    }

    static Stream<BatchLossCase> cases() {
        return BatchLossCase.all().stream();
    }

    static INDArray labels(DataType type) {
        return RandomArrays.classIds(type, 17, B, CLASSES);
    }

    static boolean masked(boolean withMask, int row, int b) {
        return withMask && (row == 1 || row == b - 1);
    }

    /** The naive reference on the kept rows, spread back over all B rows as the normalisation contract says. */
    static double[] expectedPerRow(BatchLossCase c, INDArray pre, INDArray labels, boolean withMask) {
        double[][] out = RandomArrays.toDouble(Transforms.tanh(pre.castTo(DataType.DOUBLE), true));
        double[][] y = RandomArrays.toDouble(labels);
        int b = out.length;
        int kept = 0;
        for (int i = 0; i < b; i++) if (!masked(withMask, i, b)) kept++;
        double[][] keptOut = new double[kept][];
        int[] keptCls = new int[kept];
        for (int i = 0, k = 0; i < b; i++) {
            if (masked(withMask, i, b)) continue;
            keptOut[k] = out[i];
            keptCls[k++] = (int) y[i][0];
        }
        double[] sub = c.naive.perRow(keptOut, c.usesClassIds ? keptCls : null);
        double[] full = new double[b];
        for (int i = 0, k = 0; i < b; i++) {
            if (masked(withMask, i, b)) continue;
            full[i] = sub[k++] * b / kept;
        }
        return full;
    }

    @ParameterizedTest(name = "{0} {1} masked={2}")
    @MethodSource("casesTypesMasks")
    void scoreArrayMatchesNaiveLoops(BatchLossCase c, DataType type, boolean withMask) {
        INDArray pre = RandomArrays.gaussian(type, 31, B, c.width(D));
        INDArray labels = labels(type);
        INDArray mask = withMask ? RandomArrays.maskWithHoles(type, B) : null;

        INDArray perRow = c.loss.computeScoreArray(labels, pre, TANH, mask);
        assertEquals(type, perRow.dataType(), "work stays in the input's data type");
        assertArrayEquals(new long[]{B, 1}, perRow.shape());

        double[] expected = expectedPerRow(c, pre, labels, withMask);
        double tol = type == DataType.DOUBLE ? 1e-10 : 2e-4;
        double sum = 0;
        int positive = 0;
        for (int i = 0; i < B; i++) {
            sum += expected[i];
            if (expected[i] > 0) positive++;
            assertEquals(expected[i], perRow.getDouble(i, 0), tol * Math.max(1, Math.abs(expected[i])), "row " + i);
        }
        assertTrue(positive > 0, "the case should have rows with a positive loss, or it tests nothing");
        assertEquals(sum / B, c.loss.computeScore(labels, pre, TANH, mask, true), tol * Math.max(1, sum));
        assertEquals(sum, c.loss.computeScore(labels, pre, TANH, mask, false), tol * Math.max(1, sum));

        Pair<Double, INDArray> both = c.loss.computeGradientAndScore(labels, pre, TANH, mask, true);
        assertEquals(sum / B, both.getFirst(), tol * Math.max(1, sum));
        INDArray grad = both.getSecond();
        assertEquals(type, grad.dataType());
        assertArrayEquals(pre.shape(), grad.shape());
        assertFalse(grad.isNaN().any() || grad.isInfinite().any());
    }

    /**
     * Finite differences in double through TANH, with rows 1 and B−1 masked: the check covers kept rows
     * (whose gradient must match) and masked ones (which must get exactly 0) in one run.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferencesThroughTanh(BatchLossCase c) {
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 41, FD_B, fdWidth(c));
        INDArray labels = RandomArrays.classIds(DataType.DOUBLE, 19, FD_B, FD_CLASSES);
        INDArray mask = RandomArrays.maskWithHoles(DataType.DOUBLE, FD_B);

        INDArray analytic = c.loss.computeGradient(labels, pre, TANH, mask);
        FiniteDifferences.Result r = FiniteDifferences.compare(analytic,
                FiniteDifferences.numericGradient(c.loss, labels, pre, TANH, mask));
        assertTrue(r.maxRelError <= 1e-6, c + ": " + r);
        assertTrue(r.maxAbsGradient > 1e-3, c + ": gradient is all zeros, the check would prove nothing");
        assertEquals(0.0, analytic.getRow(1).norm1Number().doubleValue(), 0.0, "masked row 1 gets no gradient");
        assertEquals(0.0, analytic.getRow(FD_B - 1).norm1Number().doubleValue(), 0.0, "masked last row gets no gradient");
    }

    /**
     * A P×K batch of 12 rows, K = 3 (10 rows with the mask's two holes, still K ≥ 2 in every class): each anchor has
     * so few positives that the pair-weighted losses read them as slots ({@code PositiveEntries}, not the
     * {@code [B,B]} mask the batches above use). Score against the naive loops and gradient against finite
     * differences, with and without the mask.
     */
    @ParameterizedTest(name = "{0} masked={1}")
    @MethodSource("casesMasks")
    void pkBatchMatchesNaiveLoopsAndFiniteDifferences(BatchLossCase c, boolean withMask) {
        int b = 12;
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, b, 1);
        for (int i = 0; i < b; i++) labels.putScalar(i, 0, i % 4);
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 53, b, fdWidth(c));
        INDArray mask = withMask ? RandomArrays.maskWithHoles(DataType.DOUBLE, b) : null;
        double[] expected = expectedPerRow(c, pre, labels, withMask);
        INDArray perRow = c.loss.computeScoreArray(labels, pre, TANH, mask);
        for (int i = 0; i < b; i++) {
            assertEquals(expected[i], perRow.getDouble(i, 0), 1e-10 * Math.max(1, Math.abs(expected[i])), "row " + i);
        }
        INDArray analytic = c.loss.computeGradient(labels, pre, TANH, mask);
        FiniteDifferences.Result r = FiniteDifferences.compare(analytic,
                FiniteDifferences.numericGradient(c.loss, labels, pre, TANH, mask));
        // 1e-5, not 1e-6: twice the rows of the check above, and central differences of circle's γ = 80 logits
        // (gradient entries up to ~350) or of lifted structure's small entries carry their own error near 1e-6
        assertTrue(r.maxRelError <= 1e-5, c + ": " + r);
        assertTrue(r.maxAbsGradient > 1e-3, c + ": gradient is all zeros, the check would prove nothing");
    }

    static Stream<Arguments> casesMasks() {
        return BatchLossCase.all().stream().flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    /**
     * Batch all folds its masks into the distances in FLOAT and DOUBLE and multiplies by a 0/1 validity in the half
     * types: both routes give the same score and gradient (HALF against FLOAT, within HALF's precision), with masked
     * rows, for the hinge and the soft margin.
     */
    @ParameterizedTest(name = "soft={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void batchAllGivesTheSameGradientInHalfAsInFloat(boolean soft) {
        LossBatchTriplet loss = LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.ALL)
                .with(LossBatchTriplet.SOFT_MARGIN, soft).build();
        INDArray pre = RandomArrays.gaussian(DataType.FLOAT, 37, B, D);
        INDArray mask = RandomArrays.maskWithHoles(DataType.FLOAT, B);
        Pair<Double, INDArray> single = loss.computeGradientAndScore(labels(DataType.FLOAT), pre, TANH, mask, true);
        Pair<Double, INDArray> half = loss.computeGradientAndScore(labels(DataType.HALF), pre.castTo(DataType.HALF),
                TANH, mask.castTo(DataType.HALF), true);
        double largest = single.getSecond().amaxNumber().doubleValue();
        assertTrue(largest > 1e-2, "the gradient should not be all zeros");
        assertEquals(single.getFirst(), half.getFirst(), 2e-2 * Math.max(1, Math.abs(single.getFirst())));
        INDArray difference = half.getSecond().castTo(DataType.FLOAT).subi(single.getSecond());
        assertTrue(difference.amaxNumber().doubleValue() <= 2e-2 * largest,
                "HALF and FLOAT gradients differ by " + difference.amaxNumber() + " (largest entry " + largest + ")");
    }

    /** One case per loss class and mining strategy (for checks that do not depend on the other options). */
    static Stream<BatchLossCase> representativeCases() {
        java.util.List<BatchLossCase> picked = BatchLossCase.all().stream()
                .filter(c -> c.id.equals("generalizedTriplet[SQUARED_EUCLIDEAN,ids=true]")
                        || c.id.equals("nPair[lambda=0.3,ids=true]") || c.id.equals("infoNCE[tau=0.5,symmetric=true,ids=true]")
                        || c.id.matches("batchTriplet\\[\\w+,EUCLIDEAN,soft=false]")
                        || c.id.equals("multiSimilarity[beta=10,mine=true]"))
                .collect(java.util.stream.Collectors.toList());
        if (picked.size() != 7) {
            throw new IllegalStateException("expected 7 representative cases, the registry changed: " + picked);
        }
        return picked.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("representativeCases")
    void halfPrecisionStaysInHalfAndCloseToFloat(BatchLossCase c) {
        INDArray pre = RandomArrays.gaussian(DataType.FLOAT, 31, B, c.width(D));
        INDArray mask = RandomArrays.maskWithHoles(DataType.FLOAT, B);
        double single = c.loss.computeScore(labels(DataType.FLOAT), pre, TANH, mask, true);
        INDArray halfPre = pre.castTo(DataType.HALF);
        INDArray halfMask = mask.castTo(DataType.HALF);
        Pair<Double, INDArray> half = c.loss.computeGradientAndScore(labels(DataType.HALF), halfPre, TANH, halfMask, true);
        assertEquals(DataType.HALF, half.getSecond().dataType());
        assertEquals(DataType.HALF, c.loss.computeScoreArray(labels(DataType.HALF), halfPre, TANH, halfMask).dataType());
        assertFalse(half.getSecond().isNaN().any() || half.getSecond().isInfinite().any());
        assertEquals(single, half.getFirst(), 2e-2 * Math.max(1, Math.abs(single)), c.id);
    }

    static Stream<BatchLossCase> blockedCases() {
        return BatchLossCase.all().stream().filter(c -> c.loss instanceof LossBatchTriplet
                && ((LossBatchTriplet) c.loss).get(LossBatchTriplet.MINING) != TripletMining.HARD
                && ((LossBatchTriplet) c.loss).get(LossBatchTriplet.DISTANCE) == io.github.dl4jlosses.distance.Distance.EUCLIDEAN);
    }

    /** The blocked loops (ALL over anchors, SEMI_HARD over positives) give the same result one row at a time. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("blockedCases")
    void tinyBlocksGiveTheSameResult(BatchLossCase c) {
        LossBatchTriplet whole = (LossBatchTriplet) c.loss;
        LossBatchTriplet tiny = whole.withBlockElements(1);
        assertEquals(whole, tiny);
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 47, B, c.width(D));
        INDArray labels = labels(DataType.DOUBLE);
        Pair<Double, INDArray> a = whole.computeGradientAndScore(labels, pre, TANH, null, true);
        Pair<Double, INDArray> b = tiny.computeGradientAndScore(labels, pre, TANH, null, true);
        assertEquals(a.getFirst(), b.getFirst(), 1e-12);
        assertTrue(a.getSecond().equalsWithEps(b.getSecond(), 1e-12));
        assertTrue(a.getFirst() > 0);
    }

    /** Label parsing is shared by every option, so one case per loss class and mining strategy suffices. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("representativeCases")
    void oneHotLabelsAreTheSameAsClassIds(BatchLossCase c) {
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 43, B, c.width(D));
        INDArray ids = labels(DataType.DOUBLE);
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, B, CLASSES + 1); // an unused class column is fine
        for (int i = 0; i < B; i++) oneHot.putScalar(i, ids.getInt(i, 0), 1.0);
        INDArray mask = RandomArrays.maskWithHoles(DataType.DOUBLE, B);
        assertEquals(c.loss.computeScoreArray(ids, pre, TANH, mask), c.loss.computeScoreArray(oneHot, pre, TANH, mask));
        assertEquals(c.loss.computeGradient(ids, pre, TANH, mask), c.loss.computeGradient(oneHot, pre, TANH, mask));
    }
}
