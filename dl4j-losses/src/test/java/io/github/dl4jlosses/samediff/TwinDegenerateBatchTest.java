package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Batches with nothing valid to compare — every row of one class, every row masked — give the twins of
 * the in-batch losses exactly what the analytic losses give (0, or N-pair's L2 term alone; a zero or
 * L2-only gradient), never NaN.
 */
class TwinDegenerateBatchTest {
    private static final IActivation TANH = Activation.TANH.getActivationFunction();
    private static final int B = 6;

    static List<TwinCase> batchCases() {
        return TwinCase.all().stream()
                .filter(c -> c.twin.masksRemoveRows())
                .collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batchCases")
    void oneClassAndFullyMaskedBatchesAgreeAndStayFinite(TwinCase c) {
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 5, B, 3);
        INDArray oneClass = Nd4j.zeros(DataType.DOUBLE, B, in[0].size(1));
        oneClass.getColumn(0).assign(1.0); // class id 1, or one-hot class 0
        INDArray allMasked = Nd4j.zeros(DataType.DOUBLE, B, 1);
        INDArray[][] variants = {{oneClass, null}, {in[0], allMasked}, {oneClass, RandomArrays.maskWithHoles(DataType.DOUBLE, B)}};
        for (INDArray[] v : variants) {
            Pair<Double, INDArray> a = c.analytic.computeGradientAndScore(v[0], in[1], TANH, v[1], true);
            Pair<Double, INDArray> s = c.twin.computeGradientAndScore(v[0], in[1], TANH, v[1], true);
            assertFalse(Double.isNaN(s.getFirst()) || s.getSecond().isNaN().any() || s.getSecond().isInfinite().any(),
                    "finite score and gradient");
            assertEquals(a.getFirst(), s.getFirst(), 1e-10 * Math.max(1, Math.abs(a.getFirst())), "score");
            INDArray diff = a.getSecond().sub(s.getSecond());
            assertEquals(0.0, diff.norm2Number().doubleValue(), 1e-10 * Math.max(1, a.getSecond().norm2Number().doubleValue()),
                    "gradient");
        }
    }
}
