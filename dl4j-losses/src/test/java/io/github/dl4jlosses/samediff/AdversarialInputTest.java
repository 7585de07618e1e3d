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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What an adversarial user would try — wrong shapes and types of labels, preOutput and mask, degenerate values,
 * views and orderings — against every loss class and its twin in FLOAT, DOUBLE and HALF. The promise is the
 * same for every one: either an {@link IllegalArgumentException} that names the loss, or a finite score and a
 * finite gradient. Never an ND4J error, a NullPointerException or a NaN.
 */
class AdversarialInputTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();
    private static final int B = 6;
    private static final int D = 3;

    /** {@code {labels, preOutput, mask}} made from a valid {@code {labels, preOutput}}. */
    private static Map<String, Function<INDArray[], INDArray[]>> inputs() {
        Map<String, Function<INDArray[], INDArray[]>> m = new LinkedHashMap<>();
        m.put("valid", in -> new INDArray[]{in[0], in[1], null});
        m.put("one row", in -> new INDArray[]{rows(in[0], 1), rows(in[1], 1), null});
        m.put("labels [B,0]", in -> new INDArray[]{Nd4j.create(in[1].dataType(), B, 0), in[1], null});
        m.put("labels rank 1", in -> new INDArray[]{in[0].reshape(in[0].length()), in[1], null});
        m.put("labels null", in -> new INDArray[]{null, in[1], null});
        m.put("labels INT32", in -> new INDArray[]{in[0].castTo(DataType.INT32), in[1], null});
        m.put("labels BOOL", in -> new INDArray[]{in[0].castTo(DataType.BOOL), in[1], null});
        m.put("labels one row short", in -> new INDArray[]{rows(in[0], B - 1), in[1], null});
        m.put("labels negative", in -> new INDArray[]{in[0].neg(), in[1], null});
        m.put("labels fractional", in -> new INDArray[]{in[0].add(0.5), in[1], null});
        m.put("labels NaN", in -> new INDArray[]{in[0].dup().putScalar(1, 0, Double.NaN), in[1], null});
        m.put("labels identity", in -> new INDArray[]{Nd4j.eye(B).castTo(in[1].dataType()), in[1], null});
        m.put("labels one class", in -> new INDArray[]{Nd4j.zeros(in[1].dataType(), B, 1), in[1], null});
        m.put("preOutput rank 3", in -> new INDArray[]{in[0], in[1].reshape(B, in[1].size(1), 1), null});
        m.put("preOutput rank 1", in -> new INDArray[]{in[0], in[1].reshape(in[1].length()), null});
        m.put("preOutput [0,W]", in -> new INDArray[]{rows(in[0], 0), Nd4j.create(in[1].dataType(), 0, in[1].size(1)), null});
        m.put("preOutput width + 1", in -> new INDArray[]{in[0], Nd4j.rand(in[1].dataType(), B, in[1].size(1) + 1), null});
        m.put("preOutput INT32", in -> new INDArray[]{in[0], in[1].castTo(DataType.INT32), null});
        m.put("preOutput zeros", in -> new INDArray[]{in[0], Nd4j.zeros(in[1].dataType(), in[1].shape()), null});
        m.put("preOutput tiny", in -> new INDArray[]{in[0], in[1].mul(1e-30), null});
        m.put("preOutput large", in -> new INDArray[]{in[0], in[1].mul(1e4), null});
        m.put("preOutput view", in -> new INDArray[]{in[0], view(in[1]), null});
        m.put("preOutput fortran", in -> new INDArray[]{in[0], in[1].dup('f'), null});
        m.put("mask zeros", in -> new INDArray[]{in[0], in[1], Nd4j.zeros(in[1].dataType(), B, 1)});
        m.put("mask one row", in -> new INDArray[]{in[0], in[1], Nd4j.zeros(in[1].dataType(), B, 1).putScalar(2, 0, 1)});
        m.put("mask fractional", in -> new INDArray[]{in[0], in[1], Nd4j.ones(in[1].dataType(), B, 1).muli(0.5)});
        m.put("mask [B,2]", in -> new INDArray[]{in[0], in[1], Nd4j.ones(in[1].dataType(), B, 2)});
        m.put("mask rank 1", in -> new INDArray[]{in[0], in[1], Nd4j.ones(in[1].dataType(), B)});
        m.put("mask BOOL", in -> new INDArray[]{in[0], in[1], Nd4j.ones(DataType.BOOL, B, 1)});
        m.put("mask INT32", in -> new INDArray[]{in[0], in[1], Nd4j.ones(DataType.INT32, B, 1)});
        m.put("mask Inf", in -> new INDArray[]{in[0], in[1], Nd4j.ones(in[1].dataType(), B, 1).putScalar(1, 0, Double.POSITIVE_INFINITY)});
        return m;
    }

    private static INDArray rows(INDArray a, int n) {
        return a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
    }

    private static INDArray view(INDArray a) {
        INDArray wide = Nd4j.rand(a.dataType(), a.size(0), a.size(1) + 2);
        INDArray v = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, a.size(1) + 1));
        return v.assign(a);
    }

    static Stream<Arguments> cases() {
        List<Arguments> args = new ArrayList<>();
        for (TwinCase c : NonFiniteInputTest.oneCasePerLoss()) {
            for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE, DataType.HALF}) {
                args.add(Arguments.of(c, type));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aClearErrorOrAFiniteResultNeverAnythingElse(TwinCase c, DataType type) {
        INDArray[] valid = c.inputs.make(type, 5, B, D);
        for (ILossFunction loss : new ILossFunction[]{c.analytic, c.twin}) {
            for (Map.Entry<String, Function<INDArray[], INDArray[]>> e : inputs().entrySet()) {
                INDArray[] in = e.getValue().apply(valid);
                String what = loss.name() + " " + type + " " + e.getKey();
                try {
                    Pair<Double, INDArray> r = loss.computeGradientAndScore(in[0], in[1], ID, in[2], true);
                    assertTrue(Double.isFinite(r.getFirst()), what + ": score " + r.getFirst());
                    INDArray g = r.getSecond().castTo(DataType.DOUBLE);
                    assertTrue(!g.isNaN().any() && !g.isInfinite().any(), what + ": gradient not finite");
                } catch (IllegalArgumentException ok) {
                    assertTrue(ok.getMessage().startsWith(loss.name() + ":"), what + ": " + ok.getMessage());
                } catch (RuntimeException other) {
                    fail(what + ": " + other, other);
                }
            }
        }
    }
}
