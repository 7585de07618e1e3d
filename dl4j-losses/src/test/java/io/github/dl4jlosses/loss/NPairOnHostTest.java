package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.ops.VectorRows;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * N-pair's case of every row its own class on the host (FLOAT, the JDK's Vector API: one pass for the softmax, the
 * cross-entropy against the diagonal and {@code softmax − I}) against naive double loops ({@link BatchLossCase#nPair})
 * and central differences of them, with and without the L2 term, with logits far enough apart that most of each
 * row's exponentials underflow in FLOAT.
 */
class NPairOnHostTest {
    private boolean wasEnabled;

    @BeforeEach
    void onHost() {
        Assumptions.assumeTrue(VectorRows.available(), "the JVM runs without jdk.incubator.vector (or not on x86-64)");
        wasEnabled = VectorRows.enabled();
        VectorRows.setEnabled(true);
    }

    @AfterEach
    void restore() {
        if (VectorRows.available()) {
            VectorRows.setEnabled(wasEnabled);
        }
    }

    @ParameterizedTest(name = "N={0} D={1} scale {2} lambda {3}")
    @CsvSource({"2,3,1,0", "7,5,0.5,0.3", "17,16,1,0.002", "9,64,4,0", "33,8,0.01,0.3"})
    void scoresAndGradientAgainstNaiveLoops(int n, int d, double scale, double lambda) {
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 10L * n + d, n, 2 * d).muli(scale);
        LossNPair loss = LossNPair.builder().with(LossNPair.LAMBDA, lambda).build();
        RankingLoss.Forward f = loss.forwardPairs(x, new PairBatchLoss.Classes(null, n, DataType.FLOAT), true);
        double[][] in = RandomArrays.toDouble(x);
        double[] expected = BatchLossCase.nPair(in, null, lambda);
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], f.perRow.getDouble(i, 0), 1e-4 * (1 + Math.abs(expected[i])), "loss " + i);
        }
        double[][] got = RandomArrays.toDouble(f.gradient);
        double[][] numeric = new double[n][2 * d];
        double largest = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2 * d; k++) {
                double h = 1e-6 * Math.max(scale, 1e-3);
                double keep = in[i][k];
                in[i][k] = keep + h;
                double up = sum(BatchLossCase.nPair(in, null, lambda));
                in[i][k] = keep - h;
                double down = sum(BatchLossCase.nPair(in, null, lambda));
                in[i][k] = keep;
                numeric[i][k] = (up - down) / (2 * h);
                largest = Math.max(largest, Math.abs(numeric[i][k]));
            }
        }
        assertTrue(largest > 0, "a gradient to compare");
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2 * d; k++) {
                assertEquals(numeric[i][k], got[i][k], 1e-3 * largest, "gradient " + i + "," + k);
            }
        }
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }
}
