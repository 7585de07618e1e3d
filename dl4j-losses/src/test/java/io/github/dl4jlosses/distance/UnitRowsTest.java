package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link UnitRows} against the normalisation written as loops: {@code x̂ = x / max(‖x‖, ε)} and its backprop
 * {@code (g − (g·x̂)·x̂)/‖x‖} on the sphere, {@code g/ε} inside the ε-ball (a zero row and a row shorter than ε
 * included); the in-place backprop gives the same values in the array it was given.
 */
class UnitRowsTest {
    private static final int B = 6;
    private static final int D = 4;

    @ParameterizedTest(name = "in place: {0}")
    @ValueSource(booleans = {false, true})
    void normalisesAndBackpropagatesAsTheLoops(boolean inPlace) {
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 3, B, D);
        x.getRow(2).assign(0.0);                                  // inside the ε-ball: the map is x/ε there
        x.getRow(4).muli(1e-14);
        INDArray g = RandomArrays.gaussian(DataType.DOUBLE, 4, B, D);
        double[][] xs = RandomArrays.toDouble(x);
        double[][] gs = RandomArrays.toDouble(g);
        double eps = Distance.cosineEps(DataType.DOUBLE);

        UnitRows u = UnitRows.of(x);
        INDArray back = inPlace ? u.gradientInPlace(g) : u.gradient(g);
        if (inPlace) {
            assertSame(g, back, "written over the given array");
        }
        for (int i = 0; i < B; i++) {
            double norm = 0;
            for (double v : xs[i]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            boolean onSphere = norm >= eps;
            double scale = Math.max(norm, eps);
            double radial = 0;
            for (int j = 0; j < D; j++) {
                radial += gs[i][j] * xs[i][j] / scale;
            }
            for (int j = 0; j < D; j++) {
                double unit = xs[i][j] / scale;
                double expected = (gs[i][j] - (onSphere ? radial * unit : 0)) / scale;
                assertEquals(unit, u.unit().getDouble(i, j), 1e-12, "x̂[" + i + "," + j + "]");
                assertEquals(expected, back.getDouble(i, j), 1e-9 * Math.max(1, Math.abs(expected)),
                        "dL/dx[" + i + "," + j + "]");
            }
        }
    }
}
