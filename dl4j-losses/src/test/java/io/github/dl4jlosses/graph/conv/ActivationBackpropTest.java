package io.github.dl4jlosses.graph.conv;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ActivationBackprop} gives what DL4J's activations give, and leaves its inputs as they were. */
class ActivationBackpropTest {

    private static INDArray preActivation(DataType type) {
        Nd4j.getRandom().setSeed(3);
        INDArray z = Nd4j.randn(type, 4, 3, 5, 5);
        z.putScalar(new long[]{0, 0, 0, 0}, 0.0);          // the kink: no gradient, as DL4J
        z.putScalar(new long[]{0, 0, 0, 1}, -0.0);
        z.putScalar(new long[]{0, 0, 0, 2}, 1e-30);           // small, normal in FLOAT too
        z.putScalar(new long[]{0, 0, 0, 3}, -1e30);
        z.putScalar(new long[]{0, 0, 0, 4}, 1e30);
        return z;
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void plainReluIsDl4jsReluDerivative(DataType type) {
        INDArray z = preActivation(type), eps = Nd4j.randn(type, 4, 3, 5, 5);
        INDArray zBefore = z.dup(), epsBefore = eps.dup();
        INDArray ours = ActivationBackprop.delta(new ActivationReLU(), z, eps, LayerWorkspaceMgr.noWorkspaces());
        INDArray dl4j = new ActivationReLU().backprop(z.dup(), eps.dup()).getFirst();

        assertEquals(dl4j, ours);
        assertEquals(zBefore, z);
        assertEquals(epsBefore, eps);
        assertEquals(eps.getDouble(0, 0, 0, 2), ours.getDouble(0, 0, 0, 2), 0.0, "tiny positive z passes the gradient");
        assertEquals(0.0, ours.getDouble(0, 0, 0, 0), 0.0);
        assertEquals(0.0, ours.getDouble(0, 0, 0, 3), 0.0);
    }

    @Test
    void otherActivationsAreTheirOwnBackprop() {
        IActivation[] others = {new ActivationReLU(6.0, 0.0, 0.0), new ActivationReLU(null, 0.5, null),
                new ActivationReLU(null, null, 0.1), new ActivationTanH()};
        for (IActivation afn : others) {
            assertFalse(ActivationBackprop.isPlainRelu(afn), afn.toString());
            INDArray z = preActivation(DataType.DOUBLE), eps = Nd4j.randn(DataType.DOUBLE, 4, 3, 5, 5);
            INDArray expected = afn.backprop(z.dup(), eps.dup()).getFirst();
            assertEquals(expected, ActivationBackprop.delta(afn, z, eps, LayerWorkspaceMgr.noWorkspaces()),
                    afn.toString());
        }
        assertTrue(ActivationBackprop.isPlainRelu(new ActivationReLU()));
        assertTrue(ActivationBackprop.isPlainRelu(new ActivationReLU(0.0, 0.0, 0.0)));
    }
}
