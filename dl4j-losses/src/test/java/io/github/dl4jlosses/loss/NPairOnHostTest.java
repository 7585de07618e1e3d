package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.testutil.FiniteDifferences;
import io.github.dl4jlosses.testutil.RandomArrays;
import io.github.dl4jlosses.testutil.VectorRowsOn;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * N-pair's case of every row its own class on the host (FLOAT, the JDK's Vector API: one pass for the softmax, the
 * cross-entropy against the diagonal and {@code softmax − I}) against naive double loops ({@link BatchLossCase#nPair})
 * and central differences of them, with and without the L2 term, with logits far enough apart that most of each
 * row's exponentials underflow in FLOAT.
 */
@ExtendWith(VectorRowsOn.class)
class NPairOnHostTest {
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
        double[][] numeric = FiniteDifferences.central(in, v -> Arrays.stream(BatchLossCase.nPair(v, null, lambda)).sum(),
                1e-6 * Math.max(scale, 1e-3));
        FiniteDifferences.assertCloseToLargest(numeric, RandomArrays.toDouble(f.gradient), 1e-3, -1);
    }
}
