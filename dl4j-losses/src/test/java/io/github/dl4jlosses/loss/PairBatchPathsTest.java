package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

    private static INDArray[] pairs(DataType type, long seed, double scale) {
        INDArray x = RandomArrays.gaussian(type, seed, N, 2 * D).muli(scale);
        return Tuple.split(x, 2);
    }

    /** Closed form (no mask) against the identity as an explicit same-class mask, through forwardPairs. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndTypes")
    void eachRowItsOwnClassMatchesTheIdentityMask(PairBatchLoss loss, DataType type) {
        INDArray[] ap = pairs(type, 3, 1.5);
        INDArray identity = Nd4j.eye(N).castTo(type);
        RankingLoss.Forward closed = loss.forwardPairs(ap[0], ap[1], new PairBatchLoss.Classes(null, N, type), true);
        RankingLoss.Forward masked = loss.forwardPairs(ap[0], ap[1], new PairBatchLoss.Classes(identity, N, type), true);
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
        INDArray[] ap = pairs(type, 7, 1.0);
        PairBatchLoss.Classes classes = repeatedIds
                ? new PairBatchLoss.Classes(ClassLabels.sameClass(RandomArrays.classIds(type, 9, N, 4), type), N, type)
                : new PairBatchLoss.Classes(null, N, type);
        RankingLoss.Forward constant = loss.forward(ap[0], ap[1], classes, true, false);
        RankingLoss.Forward rowMax = loss.forward(ap[0], ap[1], classes, true, true);
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

    /** Small τ in FLOAT (the row-maximum path) stays finite where logits span far more than exp's range. */
    @Test
    void smallTemperatureInFloatStaysFinite() {
        LossInfoNCE loss = LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, 1e-3).with(LossInfoNCE.SYMMETRIC, true).build();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 13, N, 2 * D);
        INDArray grad = loss.computeGradient(null, x, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null);
        double score = loss.computeScore(null, x, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null, true);
        assertTrue(Double.isFinite(score) && score > 0, "score " + score);
        assertFalse(grad.isNaN().any() || grad.isInfinite().any());
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertEquals(expected.dataType(), actual.dataType());
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tol * scale, what + ": max difference " + diff + " (scale " + scale + ")");
    }
}
