package io.github.dl4jlosses.heads;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proxy-Anchor's two numerically stable forms agree: one shift per side (the fast path, used while the logits'
 * spread fits the type's exponent range) and one shift per proxy (used beyond it); and a scale far beyond the fast
 * path's range still gives finite values.
 */
class ProxyAnchorShiftTest {

    private static INDArray[] inputs(DataType type, long seed, int b, int c) {
        Nd4j.getRandom().setSeed(seed);
        INDArray cos = Transforms.tanh(Nd4j.randn(DataType.DOUBLE, b, c), false).castTo(type);
        INDArray targets = Nd4j.zeros(type, b, c);
        INDArray mask = Nd4j.ones(type, b, 1);
        for (int i = 0; i < b; i++) {
            if (i % 5 == 4) {
                mask.putScalar(i, 0, 0);                   // masked rows: targets all zero
            } else {
                targets.putScalar(i, (i * 7) % (c - 1), 1);   // the last class has no member
            }
        }
        return new INDArray[]{cos, targets, mask};
    }

    private static void assertClose(INDArray a, INDArray b, double tol, String what) {
        double scale = Math.max(1e-12, a.amaxNumber().doubleValue());
        double diff = a.sub(b).amaxNumber().doubleValue();
        assertTrue(diff <= tol * scale, what + ": " + diff + " at scale " + scale);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void oneShiftPerSideEqualsOneShiftPerProxy(DataType type) {
        ProxyAnchor head = new ProxyAnchor.Builder().nIn(4).nOut(9).build();
        INDArray[] in = inputs(type, 3, 20, 9);
        CosineTerms fast = head.lossWithOneShift(in[0], in[1], in[2], true);
        CosineTerms exact = head.lossWithShiftPerProxy(in[0], in[1], in[2], true);
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        assertClose(exact.perExample, fast.perExample, tol, "per example");
        assertClose(exact.cosineGradient, fast.cosineGradient, tol, "gradient");
        assertTrue(exact.perExample.sumNumber().doubleValue() > 0);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aScaleBeyondTheFastRangeStaysFinite(DataType type) {
        ProxyAnchor head = new ProxyAnchor.Builder().nIn(4).nOut(9).alpha(400).build();
        INDArray[] in = inputs(type, 5, 20, 9);
        CosineTerms t = head.lossOnCosines(in[0], in[1], in[2], true);
        assertTrue(Double.isFinite(t.perExample.sumNumber().doubleValue()));
        assertTrue(Double.isFinite(t.cosineGradient.sumNumber().doubleValue()));
        if (type == DataType.DOUBLE) {
            // in DOUBLE the fast path still holds α = 400 (spread 880 > 700 sends it to the per-proxy form): same values
            CosineTerms exact = head.lossWithShiftPerProxy(in[0], in[1], in[2], true);
            assertClose(exact.perExample, t.perExample, 0, "dispatch");
        }
    }
}
