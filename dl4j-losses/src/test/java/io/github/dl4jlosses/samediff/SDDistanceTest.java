package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link SDDistance} against {@link Distance}: values, and SameDiff's gradients of {@code Σ g ⊙ d}
 * against the analytic {@code RowwiseDistance}/{@code MatrixDistance} gradients, for every distance, in DOUBLE
 * (≤ 1e-10 relative), including a zero row (cosine's norm floor) and an identical pair (zero distance).
 */
class SDDistanceTest {

    static Stream<Arguments> distancesAndForms() {
        return Arrays.stream(Distance.values()).flatMap(d -> Stream.of(Arguments.of(d, false), Arguments.of(d, true)));
    }

    @ParameterizedTest(name = "{0} matrix={1}")
    @MethodSource("distancesAndForms")
    void valuesAndGradientsMatchTheAnalyticDistance(Distance distance, boolean matrix) {
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 1, 5, 4);
        INDArray y = RandomArrays.gaussian(DataType.DOUBLE, 2, matrix ? 6 : 5, 4);
        x.getRow(2).assign(0.0);                      // a zero vector
        y.getRow(3).assign(x.getRow(3));              // an identical pair (row-wise: zero distance)
        INDArray g = RandomArrays.gaussian(DataType.DOUBLE, 3, 5, matrix ? 6 : 1);

        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.placeHolder("x", DataType.DOUBLE, -1, 4);
        SDVariable yv = sd.placeHolder("y", DataType.DOUBLE, -1, 4);
        SDVariable gv = sd.placeHolder("g", DataType.DOUBLE, -1, -1);
        SDVariable d = matrix ? SDDistance.matrix(sd, "d", distance, xv, yv) : SDDistance.rowwise(sd, "d", distance, xv, yv);
        sd.setLossVariables(d.mul(gv).sum("weighted"));
        sd.createGradFunction("x", "y"); // gradients w.r.t. placeholders
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", x);
        ph.put("y", y);
        ph.put("g", g);

        INDArray expected = matrix ? distance.matrix(x, y) : distance.rowwise(x, y);
        INDArray actual = sd.outputSingle(ph, "d");
        assertArrayEquals(expected.shape(), actual.shape());
        TwinAgreementTest.assertClose(expected, actual, 1e-10, distance + " values");

        INDArray[] analytic = matrix ? distance.matrixWithGradient(x, y).gradient(g)
                : distance.rowwiseWithGradient(x, y).gradient(g);
        Map<String, INDArray> grads = sd.calculateGradients(ph, "x", "y");
        for (int k = 0; k < 2; k++) {
            INDArray got = grads.get(k == 0 ? "x" : "y");
            assertFalse(got.isNaN().any() || got.isInfinite().any(), distance + " gradient is finite");
            TwinAgreementTest.assertClose(analytic[k], got, 1e-10, distance + " gradient w.r.t. " + (k == 0 ? "x" : "y"));
        }
    }
}
