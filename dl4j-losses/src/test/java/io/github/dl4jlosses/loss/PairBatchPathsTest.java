package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shortcuts of the pair-batch losses give what the general computation gives: every row its own class in closed
 * form (no mask) against the same classes as an explicit identity mask, and InfoNCE's constant logit shift against
 * the per-row maximum. The general paths are checked against naive loops and finite differences elsewhere
 * ({@code BatchLossValueTest}).
 */
class PairBatchPathsTest {
    private static final int N = 11;
    private static final int D = 5;

    static List<PairBatchLoss> losses() {
        List<PairBatchLoss> l = new ArrayList<>();
        l.add(LossNPair.builder().with(LossNPair.LAMBDA, 0.3).build());
        l.add(new LossNPair());
        for (boolean symmetric : new boolean[]{false, true}) {
            for (double tau : new double[]{0.07, 0.5, 1.0}) {
                l.add(LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, tau).with(LossInfoNCE.SYMMETRIC, symmetric).build());
            }
        }
        l.add(new LossGeneralizedTriplet());
        return l;
    }

    static Stream<Arguments> lossesAndTypes() {
        return losses().stream().flatMap(l -> Stream.of(Arguments.of(l, DataType.DOUBLE), Arguments.of(l, DataType.FLOAT)));
    }

    private static INDArray pairs(DataType type, long seed, double scale) {
        return RandomArrays.gaussian(type, seed, N, 2 * D).muli(scale);
    }

    /** Closed form (no mask) against the identity as an explicit same-class mask, through forwardPairs. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndTypes")
    void eachRowItsOwnClassMatchesTheIdentityMask(PairBatchLoss loss, DataType type) {
        INDArray x = pairs(type, 3, 1.5);
        INDArray identity = Nd4j.eye(N).castTo(type);
        RankingLoss.Forward closed = loss.forwardPairs(x, new PairBatchLoss.Classes(null, N, type), true);
        RankingLoss.Forward masked = loss.forwardPairs(x, new PairBatchLoss.Classes(identity, N, type), true);
        double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
        assertClose(masked.perRow, closed.perRow, tol, loss + " scores");
        assertClose(masked.gradient, closed.gradient, tol, loss + " gradient");
        assertTrue(closed.gradient.norm1Number().doubleValue() > 1e-3, "a zero gradient would prove nothing");
    }

    /** Distinct class ids take the closed form, and give what no class ids give. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndTypes")
    void distinctClassIdsScoreAsNoClassIds(PairBatchLoss loss, DataType type) {
        INDArray x = RandomArrays.gaussian(type, 5, N, 2 * D);
        INDArray ids = Nd4j.createFromArray(new double[]{4, 9, -2, 0, 17, 3, 8, 1e6, 5, 6, 7}).reshape(N, 1).castTo(type);
        INDArray none = loss.computeGradient(null, x, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null);
        INDArray withIds = loss.computeGradient(ids, x, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null);
        assertEquals(none, withIds);
        assertEquals(loss.computeScore(null, x, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null, true),
                loss.computeScore(ids, x, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null, true), 0.0);
    }

    static Stream<Arguments> infoNceCases() {
        List<Arguments> c = new ArrayList<>();
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            for (boolean symmetric : new boolean[]{false, true}) {
                for (double tau : new double[]{0.04, 0.07, 0.5}) {
                    for (boolean repeatedIds : new boolean[]{false, true}) {
                        c.add(Arguments.of(type, symmetric, tau, repeatedIds));
                    }
                }
            }
        }
        return c.stream();
    }

    /** InfoNCE: logits shifted by 1/τ (one offset folded into the GEMM) against the per-row/column masked maximum. */
    @ParameterizedTest(name = "{0} symmetric={1} tau={2} repeatedIds={3}")
    @MethodSource("infoNceCases")
    void infoNceConstantShiftMatchesRowMaximum(DataType type, boolean symmetric, double tau, boolean repeatedIds) {
        assertTrue(LossInfoNCE.boundedShiftIsExact(tau, type));
        LossInfoNCE loss = LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, tau).with(LossInfoNCE.SYMMETRIC, symmetric).build();
        INDArray pairs = pairs(type, 7, 1.0);
        PairBatchLoss.Classes classes = repeatedIds
                ? new PairBatchLoss.Classes(ClassLabels.sameClass(RandomArrays.classIds(type, 9, N, 4), type), N, type)
                : new PairBatchLoss.Classes(null, N, type);
        RankingLoss.Forward constant = loss.forward(pairs, classes, true, false);
        RankingLoss.Forward rowMax = loss.forward(pairs, classes, true, true);
        double tol = type == DataType.DOUBLE ? 1e-11 : 1e-4;
        assertClose(rowMax.perRow, constant.perRow, tol, "scores");
        assertClose(rowMax.gradient, constant.gradient, tol, "gradient");
        assertTrue(constant.perRow.sumNumber().doubleValue() > 0.1);
    }

    /** Where 2/τ exceeds the type's safe span the per-row maximum is used, and the default τ = 0.07 in FLOAT is not. */
    @Test
    void constantShiftOnlyWhereExpStaysNormal() {
        assertTrue(LossInfoNCE.boundedShiftIsExact(0.07, DataType.FLOAT));
        assertFalse(LossInfoNCE.boundedShiftIsExact(0.02, DataType.FLOAT));
        assertTrue(LossInfoNCE.boundedShiftIsExact(0.02, DataType.DOUBLE));
        assertFalse(LossInfoNCE.boundedShiftIsExact(0.07, DataType.HALF));
        assertTrue(LossInfoNCE.boundedShiftIsExact(0.5, DataType.HALF));
        // exp(−2/τ) at the FLOAT limit is still a normal float with room to spare
        assertTrue(Math.exp(-64) > 1e6 * Float.MIN_NORMAL);
    }

    /**
     * Small τ in FLOAT stays finite where logits span far more than exp's range: the row-maximum path (symmetric) and
     * the fused softmax against the diagonal (one direction, where some p_ii underflow).
     */
    @ParameterizedTest(name = "symmetric={0}")
    @ValueSource(booleans = {false, true})
    void smallTemperatureInFloatStaysFinite(boolean symmetric) {
        LossInfoNCE loss = LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, 1e-3).with(LossInfoNCE.SYMMETRIC, symmetric).build();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 13, N, 2 * D);
        INDArray grad = loss.computeGradient(null, x, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null);
        double score = loss.computeScore(null, x, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null, true);
        assertTrue(Double.isFinite(score) && score > 0, "score " + score);
        assertFalse(grad.isNaN().any() || grad.isInfinite().any());
        // and it is the loss: the same rows in DOUBLE, where nothing underflows at these logits, agree
        INDArray xd = x.castTo(DataType.DOUBLE);
        double exact = loss.computeScore(null, xd, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null, true);
        assertEquals(exact, score, 1e-4 * exact, "score in FLOAT against DOUBLE");
        INDArray gradExact = loss.computeGradient(null, xd, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null);
        assertClose(gradExact, grad.castTo(DataType.DOUBLE), 1e-3, "gradient");
    }

    /**
     * N-pair on embeddings so large that some rows' own probability p_ii underflows in FLOAT (the cross-entropy then
     * comes from the log-sum-exp instead of log p_ii, and the softmax raises the logits far below each row's largest,
     * from all columns at 11 rows and from the leading 64 at 96): scores and gradient against a shifted log-sum-exp in
     * double loops.
     */
    @ParameterizedTest(name = "N={0}")
    @ValueSource(ints = {N, 96})
    void nPairWithFarApartLogitsInFloatMatchesLoops(int n) {
        double lambda = 0.3;
        LossNPair loss = LossNPair.builder().with(LossNPair.LAMBDA, lambda).build();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 21, n, 2 * D).muli(10.0);
        double[][] v = RandomArrays.toDouble(x);
        double[][] s = new double[n][n];
        double[] lse = new double[n];
        double smallestOwn = 1;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < D; k++) s[i][j] += v[i][k] * v[j][D + k];
                max = Math.max(max, s[i][j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp(s[i][j] - max);
            lse[i] = max + Math.log(sum);
            smallestOwn = Math.min(smallestOwn, Math.exp(s[i][i] - lse[i]));
        }
        assertTrue(smallestOwn < Float.MIN_NORMAL, "the case this test is for: some p_ii underflows in FLOAT, " + smallestOwn);
        RankingLoss.Forward f = loss.forwardPairs(x, new PairBatchLoss.Classes(null, n, DataType.FLOAT), true);
        double[][] grad = new double[n][2 * D];
        for (int i = 0; i < n; i++) {
            double l2 = 0;
            for (int k = 0; k < 2 * D; k++) l2 += v[i][k] * v[i][k];
            double expected = lse[i] - s[i][i] + 0.25 * lambda * l2;
            assertEquals(expected, f.perRow.getDouble(i, 0), 1e-5 * Math.max(1, Math.abs(expected)), "row " + i);
            for (int j = 0; j < n; j++) {
                double g = Math.exp(s[i][j] - lse[i]) - (i == j ? 1 : 0);   // dL_i/ds_ij
                for (int k = 0; k < D; k++) {
                    grad[i][k] += g * v[j][D + k];
                    grad[j][D + k] += g * v[i][k];
                }
            }
            for (int k = 0; k < 2 * D; k++) grad[i][k] += 0.5 * lambda * v[i][k];
        }
        assertClose(Nd4j.createFromArray(grad).castTo(DataType.FLOAT), f.gradient, 1e-5, "gradient");
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertEquals(expected.dataType(), actual.dataType());
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tol * scale, what + ": max difference " + diff + " (scale " + scale + ")");
    }
}
