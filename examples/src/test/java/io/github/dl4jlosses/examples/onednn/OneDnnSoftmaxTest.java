package io.github.dl4jlosses.examples.onednn;

import io.github.dl4jlosses.loss.LossNPair;
import io.github.dl4jlosses.loss.LossSupCon;
import io.github.dl4jlosses.mining.RowSoftmax;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The row softmax on oneDNN's kernel ({@link RowSoftmax} hands FLOAT matrices to libnd4j as {@code [1,B,M]} on the
 * oneDNN natives): probabilities, log-sum-exp and diagonal cross-entropy against double loops, {@code −∞} entries
 * (SupCon's own-pair logits) exactly 0, and N-pair and SupCon in FLOAT (softmax on oneDNN) against the same losses
 * in DOUBLE (softmax on libnd4j's own kernel).
 */
class OneDnnSoftmaxTest {

    @BeforeEach
    void onOneDnnNatives() {
        OneDnnJvm.assumeOneDnnNatives();
    }

    private static INDArray gaussian(DataType type, long seed, int rows, int columns) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, rows, columns).castTo(type);
    }

    @ParameterizedTest(name = "[{0},{1}] scale {2}")
    @CsvSource({"5,7,1", "64,64,8", "33,100,30"})
    void matchesLoops(int b, int m, double scale) {
        INDArray x = gaussian(DataType.FLOAT, 5, b, m).muli(scale);
        if (b == m) {
            for (int i = 0; i < b; i++) x.putScalar(i, i, Double.NEGATIVE_INFINITY);   // SupCon's own pairs
        }
        assertTrue(RowSoftmax.viaOneDnn(x), "the case this test is for: a c-ordered FLOAT matrix goes to oneDNN");
        double[][] v = new double[b][m];
        for (int i = 0; i < b; i++) for (int j = 0; j < m; j++) v[i][j] = x.getDouble(i, j);
        RowSoftmax rows = RowSoftmax.of(x);
        INDArray lse = rows.logSumExp();
        for (int i = 0; i < b; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double e : v[i]) max = Math.max(max, e);
            double sum = 0;
            for (double e : v[i]) sum += Math.exp(e - max);
            double expectedLse = max + Math.log(sum);
            assertEquals(expectedLse, lse.getDouble(i, 0), 1e-5 * Math.max(1, Math.abs(expectedLse)), "lse row " + i);
            for (int j = 0; j < m; j++) {
                double p = rows.softmax.getDouble(i, j);
                if (v[i][j] == Double.NEGATIVE_INFINITY) {
                    assertEquals(0.0, p, 0.0, "p " + i + "," + j + " of a −∞ logit");
                } else {
                    assertEquals(Math.exp(v[i][j] - expectedLse), p, 1e-6 + 1e-5 * p, "p " + i + "," + j);
                }
            }
        }
        if (b != m) {
            INDArray ce = rows.diagonalCrossEntropy();
            for (int i = 0; i < b; i++) {
                double expected = lse.getDouble(i, 0) - v[i][i];
                assertEquals(expected, ce.getDouble(i, 0), 1e-5 * Math.max(1, Math.abs(expected)), "ce row " + i);
            }
        }
    }

    @Test
    void otherTypesAndLayoutsStayOnLibnd4jsKernel() {
        assertFalse(RowSoftmax.viaOneDnn(gaussian(DataType.DOUBLE, 1, 4, 4)), "oneDNN's softmax is FLOAT only");
        assertFalse(RowSoftmax.viaOneDnn(gaussian(DataType.FLOAT, 1, 4, 4).dup('f')), "an f-ordered matrix");
    }

    /** The same loss in FLOAT (oneDNN's softmax) and DOUBLE (libnd4j's): scores and gradients agree to FLOAT precision. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"npair", "supcon"})
    void lossesAgreeWithTheirDoubleSelves(String which) {
        int b = 48;
        ILossFunction loss = which.equals("npair") ? new LossNPair() : new LossSupCon();
        INDArray x = gaussian(DataType.DOUBLE, 9, b, which.equals("npair") ? 2 * 16 : 16);
        INDArray labels = Nd4j.createFromArray(new double[b]).reshape(b, 1);
        for (int i = 0; i < b; i++) labels.putScalar(i, 0, which.equals("npair") ? i : i / 4);
        Pair<Double, INDArray> inDouble = loss.computeGradientAndScore(labels, x, new ActivationIdentity(), null, true);
        Pair<Double, INDArray> inFloat = loss.computeGradientAndScore(labels.castTo(DataType.FLOAT),
                x.castTo(DataType.FLOAT), new ActivationIdentity(), null, true);
        assertEquals(inDouble.getFirst(), inFloat.getFirst(), 1e-5 * Math.abs(inDouble.getFirst()), "score");
        double scale = inDouble.getSecond().amaxNumber().doubleValue();
        double gap = inFloat.getSecond().castTo(DataType.DOUBLE).sub(inDouble.getSecond()).amaxNumber().doubleValue();
        assertTrue(gap <= 1e-5 * scale, "largest gradient difference " + gap + " against largest entry " + scale);
    }
}
