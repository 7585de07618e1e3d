package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.testutil.Views;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A preOutput, labels or mask that is a view — a window of columns of a wider c- or f-ordered array, an f-ordered
 * array, a window of rows — gives the score and gradient of its contiguous copy, for every registered configuration
 * (analytic and twin).
 * libnd4j's {@code split} reads a column window wrongly (rows after the first come from the wrong offset), so this
 * fails for a loss that splits such a view without copying it.
 */
class ViewInputTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();
    private static final int B = 6;

    static Stream<Arguments> casesLayoutsSides() {
        return TwinCase.all().stream().flatMap(c -> Views.LAYOUTS.stream().flatMap(layout ->
                Stream.of(Arguments.of(c, layout, false), Arguments.of(c, layout, true))));
    }

    @ParameterizedTest(name = "{0} {1} twin={2}")
    @MethodSource("casesLayoutsSides")
    void viewsScoreAsTheirCopies(TwinCase c, String layout, boolean twin) {
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 41, B, 5);
        INDArray labels = in[0];
        INDArray preOutput = in[1];
        INDArray mask = Nd4j.ones(DataType.DOUBLE, B, 1);
        mask.putScalar(1, 0, 0.0);
        ILossFunction loss = twin ? c.twin : c.analytic;

        // without a mask: a masked pair-batch loss copies the unmasked rows first, which would hide a misread view
        INDArray view = Views.of(preOutput, layout);
        assertSameResult(loss.computeGradientAndScore(labels, preOutput, ID, null, true),
                loss.computeGradientAndScore(labels, view, ID, null, true));
        assertEquals(preOutput, view, "preOutput must not change");
        assertSameResult(loss.computeGradientAndScore(labels, preOutput, ID, mask, true),
                loss.computeGradientAndScore(Views.of(labels, layout), preOutput, ID, Views.of(mask, layout), true));
        assertEquals(loss.computeScoreArray(labels, preOutput, ID, mask),
                loss.computeScoreArray(Views.of(labels, layout), view, ID, Views.of(mask, layout)));
    }

    private static void assertSameResult(Pair<Double, INDArray> expected, Pair<Double, INDArray> actual) {
        assertEquals(expected.getFirst(), actual.getFirst(), 1e-12 * Math.max(1, Math.abs(expected.getFirst())));
        double diff = expected.getSecond().sub(actual.getSecond()).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-12, "gradient differs by " + diff);
    }
}
