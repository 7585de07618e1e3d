package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossJson;
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

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * Every registered loss and twin works identically after a Java and a JSON round trip (what Spark and
 * configuration files do to it): equal options, the same score and gradient on an ordinary batch and on
 * degenerate ones (a single class, every row masked), where the rate-limited warning and the block size of the
 * batch losses are used — state that Java deserialization does not restore by itself.
 */
class RoundTripTest {
    private static final IActivation TANH = Activation.TANH.getActivationFunction();
    private static final int B = 6;

    static Stream<Arguments> casesAndRoutes() {
        List<Arguments> args = new ArrayList<>();
        for (TwinCase c : TwinCase.all()) {
            for (String route : new String[]{"java", "json"}) {
                args.add(Arguments.of(c, route));
            }
        }
        return args.stream();
    }

    private static ILossFunction roundTrip(ILossFunction loss, String route) throws Exception {
        ILossFunction back = route.equals("java") ? (ILossFunction) OptionValidationTest.javaRoundTrip(loss)
                : LossJson.fromJson(LossJson.toJson(loss));
        assertNotSame(loss, back);
        assertEquals(loss, back);
        assertEquals(loss.hashCode(), back.hashCode());
        assertEquals(loss.toString(), back.toString());
        return back;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndRoutes")
    void worksIdenticallyAfterTheRoundTrip(TwinCase c, String route) throws Exception {
        INDArray[] in = c.inputs.make(DataType.DOUBLE, 11, B, 3);
        INDArray oneClass = Nd4j.zeros(DataType.DOUBLE, B, in[0].size(1));
        oneClass.getColumn(0).assign(1.0);      // class id 1, or one-hot class 0
        INDArray allMasked = Nd4j.zeros(DataType.DOUBLE, B, 1);
        INDArray[][] batches = {{in[0], null}, {oneClass, null}, {in[0], allMasked}};
        boolean pairLabels = c.id.startsWith("contrastive");   // one class is not a valid pair labelling: skip it
        for (ILossFunction loss : new ILossFunction[]{c.analytic, c.twin}) {
            ILossFunction back = roundTrip(loss, route);
            for (INDArray[] batch : batches) {
                if (pairLabels && batch[0] == oneClass) {
                    continue;
                }
                Pair<Double, INDArray> expected = loss.computeGradientAndScore(batch[0], in[1], TANH, batch[1], true);
                Pair<Double, INDArray> got = back.computeGradientAndScore(batch[0], in[1], TANH, batch[1], true);
                assertFalse(Double.isNaN(got.getFirst()), "score");
                assertEquals(expected.getFirst(), got.getFirst(), 0.0, loss + " score");
                assertEquals(expected.getSecond(), got.getSecond(), loss + " gradient");
                assertEquals(loss.computeScoreArray(batch[0], in[1], TANH, batch[1]),
                        back.computeScoreArray(batch[0], in[1], TANH, batch[1]), loss + " score array");
            }
        }
    }
}
