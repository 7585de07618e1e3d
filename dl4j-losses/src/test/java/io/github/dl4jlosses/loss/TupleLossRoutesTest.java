package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.testutil.HostKernels;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tuple losses in FLOAT by the host passes ({@code Distance.rowwiseOfBlocks} and {@code VectorRows.blockGradient},
 * the route a FLOAT call on the CPU takes), on the vector kernel and as the plain loops a JVM without the Vector API
 * module runs, and by libnd4j's ops (the route DOUBLE takes, whose gradient
 * {@code TupleLossValueTest} checks against finite differences): the same score, per-row scores and gradient for every
 * loss, distance and option of {@link TupleLossCase}, with and without a mask, on rows with a zero distance (the
 * subgradient 0) and on both sides of each hinge.
 */
@ExtendWith(HostKernels.class)
class TupleLossRoutesTest {
    private static final int B = 12;
    private static final int D = 21;              // a tail after the 8- or 16-lane loops
    private static final IActivation IDENTITY = new ActivationIdentity();

    static Stream<Arguments> cases() {
        return TupleLossCase.all().stream().flatMap(c -> Stream.of(false, true).flatMap(
                masked -> Stream.of("vector", "plain").map(route -> Arguments.of(c, masked, route))));
    }

    @ParameterizedTest(name = "{0} masked={1} {2}")
    @MethodSource("cases")
    void hostPassesMatchLibnd4jOps(TupleLossCase c, boolean masked, String route) {
        HostKernels.useHostPassRoute(route);      // the vector kernel: skipped where it does not load
        INDArray pre = RandomArrays.gaussian(DataType.FLOAT, 19, B, c.blocks * D).muli(0.15);
        pre.get(NDArrayIndex.point(2), NDArrayIndex.interval(D, 2 * D))
                .assign(pre.get(NDArrayIndex.point(2), NDArrayIndex.interval(0, D)));   // row 2: d(x_0, x_1) = 0
        INDArray labels = c.binaryLabels ? RandomArrays.binaryLabels(DataType.FLOAT, 7, B)
                : Nd4j.zeros(DataType.FLOAT, B, 1);
        INDArray mask = masked ? RandomArrays.maskWithHoles(DataType.FLOAT, B) : null;

        Pair<Double, INDArray> host = c.loss.computeGradientAndScore(labels, pre, IDENTITY, mask, true);
        INDArray hostRows = c.loss.computeScoreArray(labels, pre, IDENTITY, mask);
        HostKernels.use(false);
        Pair<Double, INDArray> ops = c.loss.computeGradientAndScore(labels, pre, IDENTITY, mask, true);
        INDArray opsRows = c.loss.computeScoreArray(labels, pre, IDENTITY, mask);

        assertEquals(ops.getFirst(), host.getFirst(), 1e-5 * (1 + Math.abs(ops.getFirst())), "score");
        assertClose(opsRows, hostRows, "per-row scores");
        assertClose(ops.getSecond(), host.getSecond(), "gradient");
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(DataType.FLOAT, actual.dataType(), what);
        double[][] e = RandomArrays.toDouble(expected);
        double[][] a = RandomArrays.toDouble(actual);
        assertEquals(e.length, a.length, what + ": rows");
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i].length, a[i].length, what + ": columns");
            for (int j = 0; j < e[i].length; j++) {
                assertEquals(e[i][j], a[i][j], 1e-5 * (1 + Math.abs(e[i][j])), what + " at " + i + "," + j);
            }
        }
    }
}
