package io.github.dl4jlosses.backendtests;

import io.github.dl4jlosses.loss.LossTriplet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard flags inputs sitting on a hinge and passes inputs clear of it, and smooth losses anywhere. */
class KinkGuardTest {
    private static final IActivation IDENTITY = Activation.IDENTITY.getActivationFunction();

    /** One triplet row a = (0.1, 0.2), p = a + (0.5, 0), n = a + (0, y): z = 0.5 − y + margin. */
    private static CaseInputs triplet(double y) {
        double[][] row = {{0.1, 0.2, 0.6, 0.2, 0.1, 0.2 + y}};
        return new CaseInputs(Nd4j.createFromArray(row), Nd4j.zeros(DataType.DOUBLE, 1, 1), null);
    }

    @Test
    void aRowOnTheHingeIsNotClearAndOneAwayFromItIs() {
        BackendGate.assumeUsable();
        LossTriplet hinge = LossTriplet.builder().with(LossTriplet.MARGIN, 0.5).build();
        for (double eta : new double[]{KinkGuard.HALF_CLEARANCE, KinkGuard.FLOAT_CLEARANCE}) {
            assertFalse(KinkGuard.isClear(hinge, IDENTITY, triplet(1.0), eta, 1), "z = 0 at eta " + eta);
            assertTrue(KinkGuard.isClear(hinge, IDENTITY, triplet(1.3), eta, 1), "z = -0.3 at eta " + eta);
            assertTrue(KinkGuard.isClear(hinge, IDENTITY, triplet(0.7), eta, 1), "z = +0.3 at eta " + eta);
        }
    }

    @Test
    void aSmoothLossIsClearEvenWhereTheHingeWouldNotBe() {
        BackendGate.assumeUsable();
        LossTriplet soft = LossTriplet.builder().with(LossTriplet.MARGIN, 0.5)
                .with(LossTriplet.SOFT_MARGIN, true).build();
        assertTrue(KinkGuard.isClear(soft, IDENTITY, triplet(1.0), KinkGuard.HALF_CLEARANCE, 1));
    }
}
