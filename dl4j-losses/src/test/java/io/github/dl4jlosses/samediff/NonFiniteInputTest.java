package io.github.dl4jlosses.samediff;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NaN or ±Inf in preOutput, or NaN in a mask, is an IllegalArgumentException naming the loss, the row and the
 * value — for every loss class (analytic and twin), in FLOAT, DOUBLE and HALF, from every entry point — never a
 * NaN score or a finite score with NaN gradients.
 */
class NonFiniteInputTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();
    private static final int B = 6;
    private static final int ROW = 4;

    /** One registered case per loss class: the checks do not depend on the options. */
    static List<TwinCase> oneCasePerLoss() {
        Map<Class<?>, TwinCase> first = new LinkedHashMap<>();
        for (TwinCase c : TwinCase.all()) {
            first.putIfAbsent(c.analytic.getClass(), c);
        }
        return new ArrayList<>(first.values());
    }

    static Stream<Arguments> lossesTypesValues() {
        List<Arguments> args = new ArrayList<>();
        for (TwinCase c : oneCasePerLoss()) {
            for (boolean twin : new boolean[]{false, true}) {
                for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE, DataType.HALF}) {
                    for (double v : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                        args.add(Arguments.of(c, twin, type, v));
                    }
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} twin={1} {2} {3}")
    @MethodSource("lossesTypesValues")
    void nonFiniteEmbeddingIsRefusedByEveryEntryPoint(TwinCase c, boolean twin, DataType type, double value) {
        ILossFunction loss = twin ? c.twin : c.analytic;
        INDArray[] in = c.inputs.make(type, 3, B, 3);
        INDArray pre = in[1].dup();
        pre.putScalar(ROW, 1, value);
        String expectedValue = Double.toString(value);
        List<Executable> calls = List.of(
                () -> loss.computeScore(in[0], pre, ID, null, true),
                () -> loss.computeScoreArray(in[0], pre, ID, null),
                () -> loss.computeGradient(in[0], pre, ID, null),
                () -> loss.computeGradientAndScore(in[0], pre, ID, null, true));
        for (Executable call : calls) {
            String m = assertThrows(IllegalArgumentException.class, call).getMessage();
            for (String part : new String[]{loss.name(), "finite", "preOutput", "row " + ROW, "got " + expectedValue}) {
                assertTrue(m.contains(part), "«" + m + "» should contain «" + part + "»");
            }
        }
    }

    static Stream<Arguments> lossesAndSides() {
        return bothSides(oneCasePerLoss());
    }

    /** Each case as its analytic loss ({@code false}) and its twin ({@code true}). */
    private static Stream<Arguments> bothSides(List<TwinCase> cases) {
        return cases.stream().flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    @ParameterizedTest(name = "{0} twin={1}")
    @MethodSource("lossesAndSides")
    void nanInTheMaskIsRefused(TwinCase c, boolean twin) {
        ILossFunction loss = twin ? c.twin : c.analytic;
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 3, B, 3);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, B, 1);
        mask.putScalar(2, 0, Double.NaN);
        String m = assertThrows(IllegalArgumentException.class,
                () -> loss.computeGradientAndScore(in[0], in[1], ID, mask, true)).getMessage();
        assertTrue(m.contains(loss.name()) && m.contains("mask") && m.contains("row 2") && m.contains("NaN"), m);
    }

    static Stream<Arguments> everyCaseBothSides() {
        return bothSides(TwinCase.all());
    }

    /**
     * Every registered configuration (some losses check their input through what they compute only under some
     * options, e.g. N-pair's L2 term): a NaN is refused with and without a mask, also in a row the mask removes
     * (batch losses never compute on such a row, so a check through what they compute would miss it).
     */
    @ParameterizedTest(name = "{0} twin={1}")
    @MethodSource("everyCaseBothSides")
    void nanIsRefusedInEveryConfigurationAlsoInAMaskedRow(TwinCase c, boolean twin) {
        ILossFunction loss = twin ? c.twin : c.analytic;
        INDArray[] in = c.inputs.make(DataType.FLOAT, 3, B, 3);
        INDArray pre = in[1].dup();
        pre.putScalar(ROW, 0, Double.NaN);
        INDArray removesRow = Nd4j.ones(DataType.FLOAT, B, 1);
        removesRow.putScalar(ROW, 0, 0.0);
        for (INDArray mask : new INDArray[]{null, removesRow}) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> loss.computeGradientAndScore(in[0], pre, ID, mask, true), "mask " + mask).getMessage();
            assertTrue(m.contains(loss.name()) && m.contains("preOutput") && m.contains("row " + ROW)
                    && m.contains("NaN"), m);
        }
    }

    /** Finite values whose sum overflows must not be mistaken for non-finite ones. */
    @ParameterizedTest(name = "{0} twin={1}")
    @MethodSource("lossesAndSides")
    void largeFiniteValuesStillPass(TwinCase c, boolean twin) {
        ILossFunction loss = twin ? c.twin : c.analytic;
        INDArray[] in = c.inputs.make(DataType.HALF, 3, B, 3);
        INDArray pre = in[1].dup();
        pre.getRow(0).assign(60000.0);
        pre.getRow(1).assign(60000.0);  // their sum overflows HALF (max 65504)
        double score = loss.computeScore(in[0], pre, Activation.TANH.getActivationFunction(), null, true);
        assertTrue(Double.isFinite(score), "score " + score);
    }
}
