package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link UnitRows} against the normalisation written as loops: {@code x̂ = x / max(‖x‖, ε)} and its backprop
 * {@code (g − (g·x̂)·x̂)/‖x‖} on the sphere, {@code g/ε} inside the ε-ball (a zero row and a row shorter than ε
 * included); the in-place backprop gives the same values in the array it was given. In FLOAT, widths around the
 * vector lengths: in the default test run FLOAT rows take {@link io.github.dl4jlosses.ops.VectorRows}' kernels (the
 * JVM has the Vector API), in the run on oneDNN's natives libnd4j's ops.
 */
class UnitRowsTest {
    private static final int B = 6;

    @ParameterizedTest(name = "{0} D={1} in place: {2}")
    @CsvSource({"DOUBLE,4,false", "DOUBLE,4,true", "FLOAT,4,true", "FLOAT,17,false", "FLOAT,64,true", "FLOAT,100,true"})
    void normalisesAndBackpropagatesAsTheLoops(DataType type, int d, boolean inPlace) {
        INDArray x = RandomArrays.gaussian(type, 3, B, d);
        x.getRow(2).assign(0.0);                                  // inside the ε-ball: the map is x/ε there
        x.getRow(4).muli(1e-14);
        INDArray g = RandomArrays.gaussian(type, 4, B, d);
        double[][] xs = RandomArrays.toDouble(x);
        double[][] gs = RandomArrays.toDouble(g);
        double eps = Distance.cosineEps(type);
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-6;
        double gradientTolerance = type == DataType.DOUBLE ? 1e-9 : 1e-5;

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
            for (int j = 0; j < d; j++) {
                radial += gs[i][j] * xs[i][j] / scale;
            }
            for (int j = 0; j < d; j++) {
                double unit = xs[i][j] / scale;
                double expected = (gs[i][j] - (onSphere ? radial * unit : 0)) / scale;
                assertEquals(unit, u.unit().getDouble(i, j), tolerance, "x̂[" + i + "," + j + "]");
                // in FLOAT the radial part cancels most of g: its rounding is relative to |g|/‖x‖, not to the result
                double size = Math.max(1, (Math.abs(gs[i][j]) + Math.abs(radial)) / scale);
                assertEquals(expected, back.getDouble(i, j), gradientTolerance * size,
                        "dL/dx[" + i + "," + j + "]");
            }
        }
    }

    /** The raw norms show a non-finite row as it is (a loss checks its input through them), whatever the floor does. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DOUBLE,NaN", "DOUBLE,Infinity", "FLOAT,NaN", "FLOAT,-Infinity"})
    void rawNormsKeepANonFiniteRow(DataType type, double value) {
        INDArray x = RandomArrays.gaussian(type, 5, B, 40);
        x.putScalar(3, 7, value);
        INDArray raw = UnitRows.of(x).rawNorms();
        double expected = Double.isNaN(value) ? Double.NaN : Double.POSITIVE_INFINITY;
        assertEquals(expected, raw.getDouble(3, 0), 0.0);
        assertEquals(Math.sqrt(x.getRow(2).mul(x.getRow(2)).sumNumber().doubleValue()), raw.getDouble(2, 0), 1e-6);
    }
}
