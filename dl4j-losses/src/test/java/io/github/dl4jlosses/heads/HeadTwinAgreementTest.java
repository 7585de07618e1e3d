package io.github.dl4jlosses.heads;

import io.github.dl4jlosses.samediff.SDHeads;
import io.github.dl4jlosses.samediff.SDLossOutput;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SameDiff twins ({@link SDHeads}) and the analytic heads give the same per-example losses, score and
 * gradients for the embeddings and the class weights (SameDiff's autodiff against the hand-derived gradients),
 * in DOUBLE to 1e-10 relative, for every head with and without a mask, with class ids and one-hot labels.
 */
class HeadTwinAgreementTest {
    private static final int B = 9;
    private static final int D = 6;
    private static final int C = 5;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (HeadCase h : HeadCase.values()) {
            for (boolean masked : new boolean[]{false, true}) {
                for (boolean oneHot : new boolean[]{false, true}) {
                    out.add(Arguments.of(h, masked, oneHot));
                }
            }
        }
        return out.stream();
    }

    private static void assertRelative(INDArray expected, INDArray actual, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double diff = expected.sub(actual).norm2Number().doubleValue();
        double norm = expected.norm2Number().doubleValue();
        assertTrue(norm > 1e-6, what + " is not trivially zero");
        assertTrue(diff <= 1e-10 * norm, what + ": |diff| = " + diff + ", |expected| = " + norm);
    }

    @ParameterizedTest(name = "{0} masked={1} oneHot={2}")
    @MethodSource("cases")
    void twinMatchesAnalyticScoreAndGradients(HeadCase hc, boolean masked, boolean oneHot) {
        CosineHead head = hc.head(D, C);
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 51, B, D);
        INDArray w = RandomArrays.gaussian(DataType.DOUBLE, 52, D, (int) (C * head.subCentres()));
        INDArray ids = RandomArrays.classIds(DataType.DOUBLE, 53, B, C);
        INDArray labels = oneHot ? HeadLossTest.oneHotOf(ids, C) : ids;
        INDArray mask = masked ? RandomArrays.maskWithHoles(DataType.DOUBLE, B) : null;
        HeadResult analytic = head.computeLoss(x, w, labels, mask, true);

        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.var("x", x.dup());
        SDVariable wv = sd.var("w", w.dup());
        SDVariable lv = sd.constant("labels", labels);
        SDVariable mv = masked ? sd.constant("mask", mask) : null;
        SDLossOutput out = SDHeads.of(sd, "loss", head, xv, wv, lv, mv);
        sd.setLossVariables(out.loss());
        Map<String, INDArray> values = sd.output(Collections.emptyMap(), "loss", "loss" + SDLossOutput.PER_EXAMPLE_SUFFIX);
        Map<String, INDArray> grads = sd.calculateGradients(Collections.emptyMap(), "x", "w");

        assertRelative(analytic.perExample(), values.get("loss" + SDLossOutput.PER_EXAMPLE_SUFFIX), "per-example");
        assertEquals(analytic.score(), values.get("loss").getDouble(0), 1e-10 * analytic.score(), "score");
        // the analytic gradients are of B × score, SameDiff's of the mean
        assertRelative(analytic.embeddingGradient().div(B), grads.get("x"), "d/dx");
        assertRelative(analytic.weightGradient().div(B), grads.get("w"), "d/dw");
    }
}
