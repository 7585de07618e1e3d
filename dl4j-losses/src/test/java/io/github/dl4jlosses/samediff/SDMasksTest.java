package io.github.dl4jlosses.samediff;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SDMasks#max} / {@link SDMasks#min}: the masked extreme of each row and its gradient (1 at the picked entry,
 * 0 elsewhere), at ordinary and at very large magnitudes (the masking offset must stay finite and above the spread),
 * with one whole-matrix reduction backprop in the gradient graph: the offset takes no part in it.
 */
class SDMasksTest {
    @ParameterizedTest(name = "{0} scale {1} largest {2}")
    @CsvSource({"FLOAT,1,true", "FLOAT,1,false", "FLOAT,1e36,true", "DOUBLE,1e300,false", "DOUBLE,1e-3,true"})
    void maskedExtremeAndItsGradient(DataType type, double scale, boolean largest) {
        double[][] v = {{3, -7, 5, 1}, {-2, 9, 4, -8}, {6, 6, -1, 2}};
        double[][] k = {{1, 1, 0, 1}, {0, 0, 1, 1}, {1, 0, 1, 0}};   // row 0: 5 is masked out
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.var("m", Nd4j.createFromArray(v).castTo(type).muli(scale));
        SDVariable mask = sd.constant("mask", Nd4j.createFromArray(k).castTo(type));
        SDVariable extreme = largest ? SDMasks.max(sd, m, mask) : SDMasks.min(sd, m, mask);
        SDVariable loss = extreme.sum();
        sd.setLossVariables(loss);
        INDArray value = extreme.eval();
        INDArray grad = sd.calculateGradients(null, "m").get("m");
        for (int i = 0; i < 3; i++) {
            int pick = -1;
            for (int j = 0; j < 4; j++) {
                if (k[i][j] == 1 && (pick < 0 || (largest ? v[i][j] > v[i][pick] : v[i][j] < v[i][pick]))) pick = j;
            }
            assertEquals(v[i][pick] * scale, value.getDouble(i, 0), Math.abs(v[i][pick] * scale) * 1e-6, "row " + i);
            for (int j = 0; j < 4; j++) {
                assertEquals(j == pick ? 1.0 : 0.0, grad.getDouble(i, j), 0.0, "gradient " + i + "," + j);
            }
        }
        long reductionBackprops = sd.getFunction("grad").getOps().values().stream()
                .filter(op -> op.getOp().opName().startsWith(largest ? "reduce_max_bp" : "reduce_min_bp")
                        || op.getOp().opName().equals("reduce_max_bp"))
                .count();
        assertEquals(1, reductionBackprops, "the offset's max|M| is not back-propagated");
    }
}
