package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Odd shapes and types: width-0 embeddings for every loss, integer and boolean contrastive labels. */
class OddInputTest {
    private static final IActivation TANH = Activation.TANH.getActivationFunction();

    static Stream<ILossFunction> everyLoss() {
        return NonFiniteInputTest.oneCasePerLoss().stream().flatMap(c -> Stream.of(c.analytic, c.twin));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyLoss")
    void widthZeroIsAClearError(ILossFunction loss) {
        INDArray empty = Nd4j.create(DataType.FLOAT, 8, 0);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 1);
        String m = assertThrows(IllegalArgumentException.class,
                () -> loss.computeGradientAndScore(labels, empty, TANH, null, true)).getMessage();
        assertTrue(m.startsWith(loss.name() + ":") && m.contains("[8, 0]") && m.contains("width 0"), m);
    }

    @Test
    void integerAndBooleanContrastiveLabelsAreCast() {
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 1, 6, 8);
        INDArray labels = RandomArrays.binaryLabels(DataType.DOUBLE, 2, 6);
        for (ILossFunction loss : new ILossFunction[]{new LossContrastive(), new SDLossContrastive()}) {
            Pair<Double, INDArray> expected = loss.computeGradientAndScore(labels, pre, TANH, null, true);
            for (DataType type : new DataType[]{DataType.INT32, DataType.INT64, DataType.BOOL}) {
                Pair<Double, INDArray> got = loss.computeGradientAndScore(labels.castTo(type), pre, TANH, null, true);
                assertEquals(expected.getFirst(), got.getFirst(), 1e-12, loss.name() + " " + type);
                assertEquals(expected.getSecond(), got.getSecond(), loss.name() + " " + type);
            }
            INDArray two = labels.castTo(DataType.INT32);
            two.putScalar(3, 0, 2);
            String m = assertThrows(IllegalArgumentException.class,
                    () -> loss.computeScore(two, pre, TANH, null, true)).getMessage();
            assertTrue(m.contains(loss.name()) && m.contains("0 or 1") && m.contains("got 2.0 at row 3"), m);
        }
    }
}
