package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link RowNorms}: {@code √(Σ_k m_ik²)} against loops, also for rows one wide; the gradient of
 * {@code Σ_i sin(‖m_i‖ + v_i)} against central differences of loops, including a zero row (whose central difference
 * is exactly 0, the subgradient the op gives); a backprop of one floor, one division and one broadcast product (no
 * power, no reduction's backprop); a saved graph that loads and computes the same.
 */
class RowNormsTest {
    @ParameterizedTest(name = "{0}, {1} wide")
    @CsvSource({"DOUBLE,7", "DOUBLE,1", "FLOAT,7", "FLOAT,1"})
    void valueAndGradientMatchLoops(DataType type, int width) {
        INDArray m = RandomArrays.gaussian(DataType.DOUBLE, 61, 5, width).muli(0.6);
        m.getRow(3).assign(0.0);                                   // an identical pair's difference
        RowReductionCheck.Result r = RowReductionCheck.check(type, m, RowNorms::of,
                row -> RowReductionCheck.fromOrigin(Distance.EUCLIDEAN, row));
        assertEquals(0.0, r.gradient.getRow(3).amaxNumber().doubleValue(), 0.0, "the subgradient 0 at a zero row");
        assertFalse(r.backprop.containsKey("reduce_norm2_bp") || r.backprop.keySet().stream()
                .anyMatch(op -> op.equalsIgnoreCase("pow") || op.equals("multiply_bp")), "no power back: " + r.backprop);
        assertEquals(1L, r.backprop.get("reduce_sum_bp"), "the loss's own sum only: " + r.backprop);
    }

    @Test
    void savedGraphLoadsAndComputesTheSame(@TempDir Path dir) {
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.placeHolder("m", DataType.FLOAT, -1, 4);
        SDVariable out = RowNorms.of(sd, m);
        sd.setLossVariables(out.mul(out).mul(out).sum("loss"));
        Map<String, INDArray> ph = Map.of("m", RandomArrays.gaussian(DataType.FLOAT, 63, 3, 4));
        SavedGraphs.assertLoadsTheSame(sd, ph, out.name(), "m", RowNorms.class, RowNorms::register, dir);
    }
}
