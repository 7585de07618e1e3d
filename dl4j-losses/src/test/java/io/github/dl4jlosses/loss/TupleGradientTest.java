package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TupleGradient}: the joined gradient equals each distance's own block gradients ({@link RowwiseDistance#gradient},
 * finite-difference checked through the losses) summed block by block in a Java loop — for three blocks on the route of
 * distances from the anchor alone (none to two distances) and on the per-block route (three, or cosine), every
 * distance, three data types. The broadcast route (two blocks) is contrastive's, checked in {@code TupleLossValueTest}.
 */
class TupleGradientTest {
    private static final int B = 6;
    private static final int D = 5;

    static Stream<Arguments> cases() {
        return Arrays.stream(Distance.values()).flatMap(d -> Stream.of(DataType.DOUBLE, DataType.FLOAT, DataType.HALF)
                .flatMap(t -> Stream.of(0, 1, 2, 3).map(terms -> Arguments.of(d, t, terms))));
    }

    @ParameterizedTest(name = "{0} {1} terms={2}")
    @MethodSource("cases")
    void joinedEqualsTheBlockGradientsSummed(Distance distance, DataType type, int terms) {
        INDArray input = RandomArrays.gaussian(type, 5, B, 3 * D);
        INDArray[] x = Tuple.split(input, 3);
        x[1].getRow(2).assign(x[0].getRow(2));            // a zero distance: the subgradient 0
        int[][] pairs = {{0, 1}, {0, 2}, {1, 2}};
        double[] scales = {2.0, -0.5, 1.0};
        TupleGradient joined = new TupleGradient(3, input);
        double[][] expected = new double[B][3 * D];
        for (int t = 0; t < terms; t++) {
            RowwiseDistance d = distance.rowwiseWithGradient(x[pairs[t][0]], x[pairs[t][1]]);
            INDArray g = RandomArrays.gaussian(type, 10 + t, B, 1);
            joined.add(d, pairs[t][0], pairs[t][1], g.toDoubleVector(), scales[t]);
            INDArray[] own = d.gradient(g.mul(scales[t]));
            for (int side = 0; side < 2; side++) {
                double[][] block = RandomArrays.toDouble(own[side]);
                for (int i = 0; i < B; i++) {
                    for (int k = 0; k < D; k++) {
                        expected[i][pairs[t][side] * D + k] += block[i][k];
                    }
                }
            }
        }
        INDArray actual = joined.joined();
        assertEquals(type, actual.dataType());
        assertArrayEquals(new long[]{B, 3 * D}, actual.shape());
        double tol = type == DataType.DOUBLE ? 1e-12 : type == DataType.FLOAT ? 1e-5 : 1e-2;
        double[][] got = RandomArrays.toDouble(actual);
        for (int i = 0; i < B; i++) {
            for (int k = 0; k < 3 * D; k++) {
                assertEquals(expected[i][k], got[i][k], tol * Math.max(1, Math.abs(expected[i][k])),
                        "row " + i + ", column " + k);
            }
        }
    }

    /**
     * The joined gradient is the call's result itself ({@link io.github.dl4jlosses.ops.CallWorkspace#result}): with no
     * workspace open it is allocated outside every workspace and returned as is — an array of its own, so the
     * caller's {@code close()} frees it — and inside a caller's workspace it lives there; with a mask or another
     * activation the loss returns a new array and the same values.
     */
    @Test
    void noWorkspaceCallsReturnTheJoinedArrayItself() {
        LossContrastive loss = new LossContrastive();
        INDArray pre = RandomArrays.gaussian(DataType.FLOAT, 3, B, 2 * D);
        INDArray labels = RandomArrays.binaryLabels(DataType.FLOAT, 4, B);
        IActivation identity = new ActivationIdentity();
        INDArray free = loss.computeGradient(labels, pre, identity, null);
        assertFalse(free.isView(), "a view would not be freed by close()");
        assertFalse(free.isAttached());
        INDArray masked = loss.computeGradient(labels, pre, identity, Nd4j.ones(DataType.FLOAT, B, 1));
        assertFalse(masked.isAttached());
        assertEquals(free, masked);
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(0).build();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "TUPLE_GRADIENT_TEST")) {
            INDArray inside = loss.computeGradient(labels, pre, identity, null);
            assertTrue(inside.isAttached(), "in the caller's workspace, as DL4J's losses");
            assertEquals(free, inside.detach());
        }
        free.close();
        assertTrue(free.wasClosed());
    }
}
