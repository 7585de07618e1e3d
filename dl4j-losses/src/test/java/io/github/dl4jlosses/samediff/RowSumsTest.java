package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RowSums}: in a graph built {@link RowSums#atLeastTwoWide} the row sums are a reduction, elsewhere a product
 * with a column of ones that also takes rows of width 1; both give the row sums and the gradient {@code g_i} of
 * {@code Σ_i g_i·Σ_k m[i,k]} against loops. (A single row of width 1 fails either way in 1.0.0-M2.1: the product's
 * backprop refuses [1,1] operands.) The setting ends with the build, also when it throws, and the loss twins'
 * own graphs ({@link LossGraph}) take their rows' sums without a matrix product.
 */
class RowSumsTest {

    @ParameterizedTest(name = "{0} [{1},{2}] wide graph {3}")
    @CsvSource({"DOUBLE,4,5,true", "DOUBLE,1,3,true", "FLOAT,6,2,true", "DOUBLE,4,5,false", "DOUBLE,4,1,false",
            "FLOAT,6,2,false"})
    void rowSumsAndTheirGradientAgainstLoops(DataType type, int rows, int width, boolean wide) {
        INDArray m = RandomArrays.gaussian(type, 7, rows, width);
        INDArray g = RandomArrays.gaussian(type, 8, rows, 1);
        SameDiff sd = SameDiff.create();
        SDVariable mv = sd.var("m", m.dup());
        SDVariable sums = wide ? RowSums.atLeastTwoWide(() -> RowSums.of(sd, mv)) : RowSums.of(sd, mv);
        sd.setLossVariables(sums.mul(sd.constant("g", g)).sum());
        INDArray value = sums.eval();
        INDArray grad = sd.calculateGradients(null, "m").get("m");
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int k = 0; k < width; k++) {
                sum += m.getDouble(i, k);
                assertEquals(g.getDouble(i, 0), grad.getDouble(i, k), tolerance, "gradient " + i + "," + k);
            }
            assertEquals(sum, value.getDouble(i, 0), tolerance, "row " + i);
        }
        List<String> ops = opNames(sd);
        // the loss's own sum is one reduction; the row sums are the other
        assertEquals(wide ? 2 : 1, ops.stream().filter("reduce_sum"::equals).count(), "a row reduction: " + ops);
        assertEquals(!wide, ops.contains("matmul"), "a product with ones: " + ops);
    }

    @Test
    void theSettingEndsWithTheBuildEvenWhenItThrows() {
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.var("m", Nd4j.ones(DataType.DOUBLE, 3, 2));
        assertThrows(IllegalStateException.class, () -> RowSums.atLeastTwoWide(() -> {
            throw new IllegalStateException("a failing build");
        }));
        SDVariable nested = RowSums.atLeastTwoWide(() -> {
            RowSums.atLeastTwoWide(() -> null);
            return RowSums.of(sd, m);   // still inside the outer build
        });
        RowSums.of(sd, m);               // after it
        assertEquals(List.of("reduce_sum", "matmul"), opNames(sd).stream()
                .filter(n -> n.equals("reduce_sum") || n.equals("matmul")).collect(Collectors.toList()));
        assertEquals(2, nested.eval().getDouble(0, 0), 0.0);
    }

    @Test
    void theTwinsOwnGraphsTakeRowSumsWithoutAMatrixProduct() {
        Stream.of(new SDLossContrastive(new LossContrastive()), new SDLossTriplet(new LossTriplet()),
                new SDLossMultiSampleTriplet(new LossMultiSampleTriplet())).forEach(twin -> {
            List<String> ops = LossGraph.build(twin, DataType.FLOAT).gradientOpNames();
            assertFalse(ops.contains("matmul") || ops.contains("matmul_bp"), twin.name() + ": " + ops);
            assertTrue(ops.contains("reduce_sum_bp"), twin.name() + ": " + ops);
        });
    }

    private static List<String> opNames(SameDiff sd) {
        return sd.getOps().values().stream().map(op -> op.getOp().opName()).collect(Collectors.toList());
    }
}
