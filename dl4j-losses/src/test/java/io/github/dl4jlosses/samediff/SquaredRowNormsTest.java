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
 * {@link SquaredRowNorms}: {@code Σ_k m_ik²} against loops, also for rows one wide (which SameDiff's own reductions
 * cannot take, see {@code RowSums}); the gradient of {@code Σ_i sin(‖m_i‖² + v_i)} against central differences of
 * loops; a backprop of one broadcast product, without {@code multiply_bp} or a reduction's backprop; a saved graph that
 * loads and computes the same.
 */
class SquaredRowNormsTest {
    @ParameterizedTest(name = "{0}, {1} wide")
    @CsvSource({"DOUBLE,7", "DOUBLE,1", "FLOAT,7", "FLOAT,1"})
    void valueAndGradientMatchLoops(DataType type, int width) {
        INDArray m = RandomArrays.gaussian(DataType.DOUBLE, 51, 5, width).muli(0.6);
        Map<String, Long> backprop = RowReductionCheck.check(type, m, SquaredRowNorms::of,
                row -> RowReductionCheck.fromOrigin(Distance.SQUARED_EUCLIDEAN, row)).backprop;
        assertFalse(backprop.containsKey("multiply_bp") || backprop.containsKey("reduce_sqnorm_bp"),
                "one broadcast product back: " + backprop);
        assertEquals(1L, backprop.get("reduce_sum_bp"), "the loss's own sum only: " + backprop);
    }

    @Test
    void savedGraphLoadsAndComputesTheSame(@TempDir Path dir) {
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.placeHolder("m", DataType.FLOAT, -1, 4);
        SDVariable out = SquaredRowNorms.of(sd, m);
        sd.setLossVariables(out.mul(out).sum("loss"));
        Map<String, INDArray> ph = Map.of("m", RandomArrays.gaussian(DataType.FLOAT, 53, 3, 4));
        SavedGraphs.assertLoadsTheSame(sd, ph, out.name(), "m", SquaredRowNorms.class, SquaredRowNorms::register,
                dir);
    }
}
