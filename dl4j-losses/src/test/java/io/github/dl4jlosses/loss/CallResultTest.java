package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both ways a user calls a loss give the same answer: inside a caller's workspace (DL4J's training) and with none
 * open, where the loss computes in its call workspace and hands over its gradient as allocated, outside every
 * workspace (the tuple losses, the pair-batch losses), or as a copy. Every loss of the tuple and batch registries,
 * with and without a mask (which replaces the loss's own gradient by a masked or scattered one) and through an
 * activation (which replaces it by its backprop): the gradient returned without a workspace is neither attached nor a
 * view (a view's {@code close()} would free nothing), equals the one computed in the caller's workspace, and closes.
 */
class CallResultTest {
    private static final int B = 8;
    private static final int D = 3;

    /** Labels are made in the test: JUnit closes arguments that are {@code AutoCloseable}, as an INDArray is. */
    static Stream<Arguments> losses() {
        Stream<Arguments> tuples = TupleLossCase.all().stream().map(c -> Arguments.of(c.id, c.loss, c.blocks * D,
                (Supplier<INDArray>) () -> c.binaryLabels ? RandomArrays.binaryLabels(DataType.DOUBLE, 7, B)
                        : Nd4j.zeros(DataType.DOUBLE, B, 1)));
        Stream<Arguments> batches = BatchLossCase.all().stream().map(c -> Arguments.of(c.id, c.loss, c.width(D),
                (Supplier<INDArray>) () -> RandomArrays.classIds(DataType.DOUBLE, 17, B, 3)));
        return Stream.concat(tuples, batches).flatMap(a -> Stream.of(
                Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3], false, Activation.IDENTITY),
                Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3], true, Activation.IDENTITY),
                Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3], true, Activation.TANH)));
    }

    @ParameterizedTest(name = "{0} masked={4} {5}")
    @MethodSource("losses")
    void aCallWithoutAWorkspaceReturnsTheGradientOfACallInOne(String id, ILossFunction loss, int width,
                                                              Supplier<INDArray> labelled, boolean masked,
                                                              Activation activation) {
        INDArray labels = labelled.get();
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 5, B, width);
        INDArray mask = masked ? RandomArrays.maskWithHoles(DataType.DOUBLE, B) : null;
        IActivation fn = activation.getActivationFunction();
        Pair<Double, INDArray> free = loss.computeGradientAndScore(labels, pre, fn, mask, true);
        INDArray g = free.getSecond();
        assertFalse(g.isAttached(), id + ": the result must outlive the call workspace");
        assertFalse(g.isView(), id + ": a view of the result would not be freed by close()");
        assertArrayEquals(pre.shape(), g.shape(), id + ": the gradient's shape is preOutput's");
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(0).build();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "CALL_RESULT_TEST")) {
            Pair<Double, INDArray> inside = loss.computeGradientAndScore(labels, pre, fn, mask, true);
            assertTrue(inside.getSecond().isAttached(), id + ": in the caller's workspace, as DL4J's own losses");
            assertEquals(inside.getFirst(), free.getFirst(), 1e-12, id + ": score");
            assertTrue(inside.getSecond().equalsWithEps(g, 1e-12), id + ": gradient in a workspace "
                    + inside.getSecond() + " vs without " + g);
        }
        if (masked) {
            for (int row : new int[]{1, B - 1}) {
                assertEquals(0.0, g.getRow(row).amaxNumber().doubleValue(), 0.0, id + ": masked row " + row);
            }
        }
        g.close();
        assertTrue(g.wasClosed());
    }
}
