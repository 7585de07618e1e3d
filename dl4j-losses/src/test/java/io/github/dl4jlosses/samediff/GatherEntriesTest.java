package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GatherEntries}: the picked entries of each row against loops, and the gradient of a weighted sum of them, where
 * an entry picked several times (by one row's picks) gets the sum of their weights and an entry never picked 0; the
 * backprop has no {@code gather} gradient of SameDiff's own; a saved graph loads and computes the same.
 */
class GatherEntriesTest {
    @ParameterizedTest(name = "{0} {1}×{2}, {3} picks a row")
    @CsvSource({"DOUBLE,3,4,5", "FLOAT,3,4,5", "FLOAT,64,96,7", "DOUBLE,1,2,3"})
    void picksAndTheirSummedGradientsMatchLoops(DataType type, int rows, int cols, int picks) {
        Random random = new Random(rows * 31L + picks);
        double[][] columns = new double[rows][picks];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < picks; k++) {
                columns[i][k] = k < 2 ? 1 : random.nextInt(cols);        // column 1 at least twice in every row
            }
        }
        INDArray mIn = RandomArrays.gaussian(type, 21, rows, cols);
        INDArray wIn = RandomArrays.gaussian(type, 22, rows, picks);
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.placeHolder("m", type, -1, -1);
        SDVariable c = sd.placeHolder("c", DataType.DOUBLE, -1, -1);
        SDVariable w = sd.placeHolder("w", type, -1, -1);
        SDVariable picked = GatherEntries.of(sd, m, c);
        sd.setLossVariables(picked.mul(w).sum("loss"));
        sd.createGradFunction("m");
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("m", mIn);
        ph.put("c", Nd4j.createFromArray(columns));
        ph.put("w", wIn);
        INDArray value = sd.outputSingle(ph, picked.name());
        INDArray grad = sd.calculateGradients(ph, "m").get("m");
        double[][] expected = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < picks; k++) {
                int j = (int) columns[i][k];
                assertEquals(mIn.getDouble(i, j), value.getDouble(i, k), 0.0, "pick " + i + "," + k);
                expected[i][j] += wIn.getDouble(i, k);
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(expected[i][j], grad.getDouble(i, j), type == DataType.FLOAT ? 1e-5 : 1e-12,
                        "gradient " + i + "," + j);
            }
        }
        assertTrue(sd.getFunction("grad").getOps().values().stream()
                .noneMatch(op -> op.getOp().opName().startsWith("gather_bp") || op.getOp().opName().startsWith("scatter")),
                "the gradient is a segment sum");
    }

    @Test
    void savedGraphLoadsAndComputesTheSame(@TempDir Path dir) {
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.placeHolder("m", DataType.FLOAT, -1, -1);
        SDVariable c = sd.placeHolder("c", DataType.DOUBLE, -1, -1);
        SDVariable picked = GatherEntries.of(sd, m, c);
        sd.setLossVariables(picked.mul(picked).sum("loss"));
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("m", RandomArrays.gaussian(DataType.FLOAT, 23, 4, 6));
        ph.put("c", Nd4j.createFromArray(new double[][]{{0, 5}, {5, 5}, {2, 1}, {3, 3}}));
        SavedGraphs.assertLoadsTheSame(sd, ph, picked.name(), "m", GatherEntries.class, GatherEntries::register, dir);
    }
}
