package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.UnitRows;
import io.github.dl4jlosses.ops.VectorRows;
import io.github.dl4jlosses.testutil.FiniteDifferences;
import io.github.dl4jlosses.testutil.RandomArrays;
import io.github.dl4jlosses.testutil.VectorRowsOn;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * InfoNCE's default route on the host ({@code LossInfoNCE.againstDiagonalOnRawRows}: products of the raw rows, scaled
 * inside the softmax's pass, FLOAT with the JDK's Vector API) against naive double loops ({@link BatchLossCase#infoNce}
 * and central differences of it), at norms from 1e-3 to 1e15, with a zero row, a row inside the norm floor ε and an
 * anchor equal to its positive; and against the route on unit rows (the same loss with the vector kernels off, on
 * libnd4j's ops), including rows long enough that raw products would leave FLOAT's range, which take the unit rows.
 */
@ExtendWith(VectorRowsOn.class)
class InfoNceRawRowsTest {
    private static INDArray pairs(int n, int d, double scale, String special) {
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, n * 100L + d, n, 2 * d).muli(scale);
        switch (special) {
            case "zeroRow":
                x.getRow(1).assign(0.0);                                        // a_1 = p_1 = 0
                break;
            case "insideFloor":
                x.getRow(2).muli(1e-12 / scale);                                // norms ~1e-12 < ε = 1e-8
                break;
            case "equalPair":
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(d, 2 * d))
                        .assign(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, d)));
                break;
            default:
        }
        return x;
    }

    private static LossInfoNCE loss(double tau) {
        return LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, tau).build();
    }

    /** Whether the call takes the route on raw rows (the norms as {@code LossInfoNCE} takes them). */
    private static boolean onRawRows(INDArray x) {
        long d = x.columns() / 2;
        return LossInfoNCE.onRawRows(x, UnitRows.of(x.reshape('c', 2 * x.rows(), d)).inverseNormsOnHost());
    }

    private static RankingLoss.Forward forward(LossInfoNCE loss, INDArray x) {
        int n = (int) x.rows();
        return loss.forwardPairs(x, new PairBatchLoss.Classes(null, n, DataType.FLOAT), true);
    }

    @ParameterizedTest(name = "N={0} D={1} scale {2} tau {3} {4}")
    @CsvSource({"2,3,1,0.07,none", "6,5,1,0.5,none", "9,17,1e-3,0.07,none", "5,16,1e4,0.2,none", "7,8,1e15,0.07,none",
            "6,5,1,0.5,zeroRow", "6,5,3,0.07,equalPair", "5,4,1,0.5,insideFloor"})
    void scoresAndGradientAgainstNaiveLoops(int n, int d, double scale, double tau, String special) {
        INDArray x = pairs(n, d, scale, special);
        assertTrue(onRawRows(x), "the route on raw rows");
        RankingLoss.Forward f = forward(loss(tau), x);
        double[][] in = RandomArrays.toDouble(x);
        double[] expected = BatchLossCase.infoNce(in, null, tau, false);
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], f.perRow.getDouble(i, 0), 2e-4 * (1 + Math.abs(expected[i])), "loss " + i);
        }
        // gradient of Σ_i L_i by central differences of the naive loss (rows at or inside the floor excepted: a step
        // moves them across it)
        int skipped = special.equals("zeroRow") ? 1 : special.equals("insideFloor") ? 2 : -1;
        double[][] numeric = FiniteDifferences.central(in, v -> Arrays.stream(BatchLossCase.infoNce(v, null, tau, false)).sum(),
                1e-6 * scale, skipped);
        FiniteDifferences.assertCloseToLargest(numeric, RandomArrays.toDouble(f.gradient), 1e-3, skipped);
    }

    /** The same scores and gradient as the route on unit rows (libnd4j's ops), rows inside the floor included. */
    @ParameterizedTest(name = "scale {0} {1}")
    @CsvSource({"1,zeroRow", "1,insideFloor", "1e3,none", "3e18,none"})
    void matchesTheRouteOnUnitRows(double scale, String special) {
        int n = 12;
        int d = 20;
        INDArray x = pairs(n, d, scale, special);
        if (scale > 1e18) {
            x.getRow(0).divi(scale);   // one short row among rows beyond 2^60: the raw products would overflow FLOAT
        }
        assertEquals(scale < 1e18, onRawRows(x), "raw rows only while no product can overflow");
        RankingLoss.Forward host = forward(loss(0.07), x);
        VectorRows.setEnabled(false);
        RankingLoss.Forward units = forward(loss(0.07), x);
        VectorRows.setEnabled(true);
        double gradScale = units.gradient.amaxNumber().doubleValue();
        assertTrue(gradScale > 0 && Double.isFinite(gradScale));
        for (int i = 0; i < n; i++) {
            assertEquals(units.perRow.getDouble(i, 0), host.perRow.getDouble(i, 0),
                    1e-4 * (1 + Math.abs(units.perRow.getDouble(i, 0))), "loss " + i);
            for (int k = 0; k < 2 * d; k++) {
                assertEquals(units.gradient.getDouble(i, k), host.gradient.getDouble(i, k), 1e-4 * gradScale,
                        "gradient " + i + "," + k);
            }
        }
    }

    @Test
    void rawProductsOnlyWhileEveryNormIsAtMostTwoToTheSixty() {
        assertTrue(LossInfoNCE.productsStayInRange(new float[]{1e8f, 1f, 0x1p-60f}));
        assertFalse(LossInfoNCE.productsStayInRange(new float[]{1f, 0x1p-61f}));
        assertFalse(LossInfoNCE.productsStayInRange(new float[]{Float.NaN}));
    }
}
