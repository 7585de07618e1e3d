package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The positive-slot form of the SameDiff batch triplet loss ({@code [B,S,B]} tensors): the twin scales to
 * batches where the {@code [B,B,B]} form could not run, and in a user's graph the slot form and the cubic
 * form are the same loss.
 */
class BatchTripletSlotsTest {
    private static final IActivation TANH = Activation.TANH.getActivationFunction();

    /**
     * B = 1024 (P = 256 classes × K = 4, rows interleaved): the {@code [B,B,B]} form needs 1G entries per
     * tensor (the benchmark refused it); the slot form needs {@code B·3·B} = 3.1M. Same loss and gradient
     * as the analytic loss.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TripletMining.class, names = {"ALL", "SEMI_HARD"})
    void twinHandlesLargePkBatch(TripletMining mining) {
        int b = 1024;
        INDArray labels = Nd4j.arange(0, b).castTo(DataType.DOUBLE).reshape(b, 1).fmod(256);
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 7, b, 8);
        LossBatchTriplet analytic = LossBatchTriplet.builder().with(LossBatchTriplet.MINING, mining)
                .with(LossBatchTriplet.MARGIN, 0.5).build();
        Pair<Double, INDArray> a = analytic.computeGradientAndScore(labels, pre, TANH, null, true);
        Pair<Double, INDArray> s = new SDLossBatchTriplet(analytic).computeGradientAndScore(labels, pre, TANH, null, true);
        assertTrue(a.getFirst() > 0, "a positive loss, or nothing is compared");
        assertEquals(a.getFirst(), s.getFirst(), 1e-10 * a.getFirst(), "score");
        TwinAgreementTest.assertClose(a.getSecond(), s.getSecond(), 1e-10, "gradient");
    }

    /** P×2 batches have one slot per anchor (S = 1), an axis SameDiff 1.0.0-M2.1 cannot reduce directly. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TripletMining.class, names = {"ALL", "SEMI_HARD"})
    void twinHandlesOneSlotPerAnchor(TripletMining mining) {
        INDArray labels = Nd4j.createFromArray(new double[][]{{0}, {1}, {2}, {0}, {1}, {2}});
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 8, 6, 3);
        LossBatchTriplet analytic = LossBatchTriplet.builder().with(LossBatchTriplet.MINING, mining)
                .with(LossBatchTriplet.MARGIN, 1.5).build();
        Pair<Double, INDArray> a = analytic.computeGradientAndScore(labels, pre, TANH, null, true);
        Pair<Double, INDArray> s = new SDLossBatchTriplet(analytic).computeGradientAndScore(labels, pre, TANH, null, true);
        assertTrue(a.getFirst() > 0, "a positive loss, or nothing is compared");
        assertEquals(a.getFirst(), s.getFirst(), 1e-10 * a.getFirst(), "score");
        TwinAgreementTest.assertClose(a.getSecond(), s.getSecond(), 1e-10, "gradient");
    }

    /** The slot overload and the cubic overload in one user-built graph: same per-row loss and gradient. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TripletMining.class)
    void slotFormEqualsCubicFormInAUserGraph(TripletMining mining) {
        int b = 10;
        // 3 repeated classes and a singleton (class 9): anchors with fewer positives than S, one with none.
        INDArray labels = RandomArrays.classIds(DataType.DOUBLE, 3, b, 3);
        labels.putScalar(b - 1, 0, 9);
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 4, b, 5);
        INDArray[] slots = SDLabelledBatchLosses.positiveSlots(labels);

        SameDiff sd = SameDiff.create();
        SDVariable e = sd.placeHolder("e", DataType.DOUBLE, -1, -1);
        SDVariable y = sd.placeHolder("y", DataType.DOUBLE, -1, 1);
        SDVariable idx = sd.placeHolder("idx", DataType.DOUBLE, -1, -1);
        SDVariable ok = sd.placeHolder("ok", DataType.DOUBLE, -1, -1);
        SDVariable t = sd.math().tanh(e);
        SDVariable cubic = SDLabelledBatchLosses.batchTriplet(sd, "cubic", t, y, mining, 0.7, Distance.EUCLIDEAN, false)
                .perExample();
        SDVariable slotted = SDLabelledBatchLosses.batchTriplet(sd, "slotted", t, y, idx, ok, mining, 0.7,
                Distance.EUCLIDEAN, false).perExample();
        // Two losses whose gradients w.r.t. e are compared: the difference's weights pick each one.
        SDVariable w = sd.placeHolder("w", DataType.DOUBLE);
        sd.setLossVariables(cubic.mul(w).add(slotted.mul(w.rsub(1.0))).sum("total"));
        sd.createGradFunction("e");

        Map<String, INDArray> ph = new HashMap<>();
        ph.put("e", x);
        ph.put("y", labels);
        ph.put("idx", slots[0]);
        ph.put("ok", slots[1]);
        INDArray[] rows = new INDArray[2];
        INDArray[] grads = new INDArray[2];
        for (int k = 0; k < 2; k++) {
            ph.put("w", Nd4j.scalar(k == 0 ? 1.0 : 0.0));
            OutAndGrad r = sd.calculateGradientsAndOutputs(ph, List.of(cubic.name(), slotted.name()), List.of("e"));
            rows[k] = r.getOutputs().get(k == 0 ? cubic.name() : slotted.name()).dup();
            grads[k] = r.getGradients().get("e").dup();
        }
        assertTrue(rows[0].sumNumber().doubleValue() > 0, "a positive loss, or nothing is compared");
        TwinAgreementTest.assertClose(rows[0], rows[1], 1e-12, "per-row loss");
        TwinAgreementTest.assertClose(grads[0], grads[1], 1e-12, "gradient");
    }

    @Test
    void positiveSlotsListEachAnchorsPositivesAndPadEmptyBatches() {
        INDArray[] s = SDLabelledBatchLosses.positiveSlots(Nd4j.createFromArray(new double[][]{{5}, {7}, {5}, {5}}));
        assertArrayEquals(new double[][]{{2, 3}, {1, 1}, {0, 3}, {0, 2}}, s[0].toDoubleMatrix());
        assertArrayEquals(new double[][]{{1, 1}, {0, 0}, {1, 1}, {1, 1}}, s[1].toDoubleMatrix());
        // No positive at all: one invalid slot per anchor, never an empty [B,0] table.
        INDArray[] none = SDLabelledBatchLosses.positiveSlots(Nd4j.createFromArray(new double[][]{{0, 1}, {1, 0}}));
        assertEquals(Arrays.toString(new long[]{2, 1}), Arrays.toString(none[0].shape()));
        assertEquals(0.0, none[1].sumNumber().doubleValue());
    }
}
