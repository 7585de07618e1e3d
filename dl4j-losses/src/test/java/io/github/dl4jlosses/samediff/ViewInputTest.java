package io.github.dl4jlosses.samediff;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A preOutput that is a view — a window of columns of a wider c- or f-ordered array, an f-ordered array, a window of
 * rows — gives the score and gradient of its contiguous copy, for every registered configuration (analytic and twin).
 * libnd4j's {@code split} reads a column window wrongly (rows after the first come from the wrong offset), so this
 * fails for a loss that splits such a view without copying it.
 */
class ViewInputTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();
    private static final int B = 6;

    static Stream<Arguments> casesLayoutsSides() {
        return TwinCase.all().stream().flatMap(c -> Stream.of("columns", "f", "rows", "f columns").flatMap(layout ->
                Stream.of(Arguments.of(c, layout, false), Arguments.of(c, layout, true))));
    }

    @ParameterizedTest(name = "{0} {1} twin={2}")
    @MethodSource("casesLayoutsSides")
    void aViewScoresAsItsCopy(TwinCase c, String layout, boolean twin) {
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 41, B, 5);
        INDArray labels = in[0];
        INDArray copy = in[1];
        INDArray view = view(copy, layout);
        ILossFunction loss = twin ? c.twin : c.analytic;

        Pair<Double, INDArray> expected = loss.computeGradientAndScore(labels, copy, ID, null, true);
        Pair<Double, INDArray> actual = loss.computeGradientAndScore(labels, view, ID, null, true);
        assertEquals(expected.getFirst(), actual.getFirst(), 1e-12 * Math.max(1, Math.abs(expected.getFirst())));
        double diff = expected.getSecond().sub(actual.getSecond()).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-12, "gradient differs by " + diff);
        assertEquals(copy, view, "preOutput must not change");
    }

    @ParameterizedTest(name = "{0} {1} twin={2}")
    @MethodSource("casesLayoutsSides")
    void viewsOfLabelsAndMaskScoreAsTheirCopies(TwinCase c, String layout, boolean twin) {
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 43, B, 5);
        INDArray labels = in[0];
        INDArray preOutput = in[1];
        INDArray mask = Nd4j.ones(DataType.DOUBLE, B, 1);
        mask.putScalar(1, 0, 0.0);
        ILossFunction loss = twin ? c.twin : c.analytic;

        Pair<Double, INDArray> expected = loss.computeGradientAndScore(labels, preOutput, ID, mask, true);
        Pair<Double, INDArray> actual = loss.computeGradientAndScore(view(labels, layout), preOutput, ID,
                view(mask, layout), true);
        assertEquals(expected.getFirst(), actual.getFirst(), 1e-12 * Math.max(1, Math.abs(expected.getFirst())));
        double diff = expected.getSecond().sub(actual.getSecond()).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-12, "gradient differs by " + diff);
        INDArray scores = loss.computeScoreArray(labels, preOutput, ID, mask);
        assertEquals(scores, loss.computeScoreArray(view(labels, layout), preOutput, ID, view(mask, layout)));
    }

    private static INDArray view(INDArray x, String layout) {
        switch (layout) {
            case "columns": {
                INDArray wide = Nd4j.valueArrayOf(new long[]{x.size(0), x.size(1) + 4}, 7.0, x.dataType());
                INDArray v = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 2 + x.size(1)));
                return v.assign(x);
            }
            case "f":
                return x.dup('f');
            case "rows": {
                INDArray tall = Nd4j.valueArrayOf(new long[]{x.size(0) + 3, x.size(1)}, 7.0, x.dataType());
                INDArray v = tall.get(NDArrayIndex.interval(1, 1 + x.size(0)), NDArrayIndex.all());
                return v.assign(x);
            }
            case "f columns": {
                INDArray wide = Nd4j.valueArrayOf(new long[]{x.size(0), x.size(1) + 4}, 7.0, x.dataType()).dup('f');
                INDArray v = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 2 + x.size(1)));
                return v.assign(x);
            }
            default:
                throw new AssertionError(layout);
        }
    }
}
