package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With the identity activation the losses work on the caller's preOutput without copying it: they must leave
 * it untouched, and give exactly the score and gradient they give on a copy.
 */
class IdentityActivationTest {
    private static final int B = 12;
    private static final int D = 5;

    static Stream<Object[]> cases() {
        Stream<Object[]> tuple = TupleLossCase.all().stream().map(c -> new Object[]{c.id, c.loss, c.blocks * D,
                c.binaryLabels ? RandomArrays.binaryLabels(DataType.DOUBLE, 9, B) : RandomArrays.classIds(DataType.DOUBLE, 9, B, 3)});
        Stream<Object[]> batch = BatchLossCase.all().stream().map(c -> new Object[]{c.id, c.loss, c.width(D),
                RandomArrays.classIds(DataType.DOUBLE, 9, B, 3)});
        return Stream.concat(tuple, batch);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void preOutputIsLeftUntouchedAndResultsMatchACopy(String id, ILossFunction loss, int width, INDArray labels) {
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 17, B, width);
        INDArray before = pre.dup();
        Pair<Double, INDArray> direct = loss.computeGradientAndScore(labels, pre, new ActivationIdentity(), null, true);
        loss.computeScoreArray(labels, pre, new ActivationIdentity(), null);
        assertEquals(before, pre, id + ": preOutput was modified");
        Pair<Double, INDArray> onCopy = loss.computeGradientAndScore(labels, before.dup(), new ActivationIdentity(), null, true);
        assertEquals(onCopy.getFirst(), direct.getFirst(), 0.0, id);
        assertEquals(onCopy.getSecond(), direct.getSecond(), id);
    }
}
