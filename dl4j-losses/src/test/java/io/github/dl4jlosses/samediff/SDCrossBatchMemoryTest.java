package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.CrossBatchMemory;
import io.github.dl4jlosses.loss.LabelledBatchLoss;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossCircle;
import io.github.dl4jlosses.loss.LossJson;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import io.github.dl4jlosses.loss.LossSupCon;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.mining.BatchHardMiner;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SameDiff twin of {@link CrossBatchMemory} agrees with the analytic loss step by step while the memory fills
 * and rolls over (DOUBLE, 1e-10 relative), masks included, and refuses a wrapped loss with its own miner.
 */
class SDCrossBatchMemoryTest {
    private static final IActivation TANH = Activation.TANH.getActivationFunction();
    private static final int B = 8;
    private static final int D = 4;

    static List<LabelledBatchLoss> wrapped() {
        return List.of(new LossMultiSimilarity(), LossMultiSimilarity.builder()
                .with(LossMultiSimilarity.MINE, false).build(),
                LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.SEMI_HARD)
                        .with(LossBatchTriplet.MARGIN, 0.5).build(),
                LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.ALL)
                        .with(LossBatchTriplet.MARGIN, 0.5)
                        .with(LossBatchTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build(),
                LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                        .with(LossBatchTriplet.MARGIN, 0.5).build(),
                LossCircle.builder().with(LossCircle.GAMMA, 16)
                        .with(LossCircle.DETACH_WEIGHTS, false).build(), new LossCircle(),
                LossSupCon.builder().with(LossSupCon.TEMPERATURE, 0.5).build(), new LossLiftedStructure());
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(1e-12, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-10 * scale, what + ": max difference " + diff + " at scale " + scale);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrapped")
    void twinAgreesStepByStepAsTheMemoryFillsAndRollsOver(LabelledBatchLoss inner) {
        CrossBatchMemory analytic = CrossBatchMemory.of(inner, 20);
        SDCrossBatchMemory twin = new SDCrossBatchMemory(analytic);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, B, 1);
        mask.putScalar(3, 0, 0);
        for (int step = 0; step < 4; step++) {
            INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 100 + step, B, D);
            INDArray ids = RandomArrays.classIds(DataType.DOUBLE, 100 + step, B, 3);
            INDArray m = step == 2 ? mask : null;
            Pair<Double, INDArray> a = analytic.computeGradientAndScore(ids, x, TANH, m, true);
            Pair<Double, INDArray> t = twin.computeGradientAndScore(ids, x, TANH, m, true);
            assertEquals(a.getFirst(), t.getFirst(), 1e-10 * Math.max(1, Math.abs(a.getFirst())), "score, step " + step);
            assertClose(a.getSecond(), t.getSecond(), "gradient, step " + step);
            assertEquals(analytic.rowsInMemory(), twin.rowsInMemory(), "rows remembered, step " + step);
            // DL4J's score call after the gradient call returns the same score on both sides
            assertEquals(a.getFirst(), twin.computeScore(ids, x, TANH, m, true), 1e-10 * Math.max(1, Math.abs(a.getFirst())));
        }
        assertEquals(20, twin.rowsInMemory());
    }

    @Test
    void twinRefusesAWrappedLossWithItsOwnMinerAndRoundTrips() {
        SDCrossBatchMemory twin = new SDCrossBatchMemory(CrossBatchMemory.of(
                LossCircle.builder().with(LossCircle.MINER, new BatchHardMiner()).build(), 64));
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 1, B, D);
        INDArray ids = RandomArrays.classIds(DataType.DOUBLE, 1, B, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> twin.computeScore(ids, x, TANH, null, true));
        assertTrue(e.getMessage().contains("BatchHardMiner"), e.getMessage());
        SDCrossBatchMemory plain = new SDCrossBatchMemory(CrossBatchMemory.of(new LossSupCon(), 64));
        assertEquals(plain, LossJson.fromJson(LossJson.toJson(plain)));
    }
}
