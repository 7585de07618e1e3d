package io.github.dl4jlosses.ops;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Exponentials} against {@code Math.exp} in double: within two units in FLOAT's last place where the result is a
 * normal FLOAT, within one subnormal step below that, exactly 0 from about {@code e^−104} down and for {@code −∞},
 * exactly 1 at 0; arguments above 0 are clamped to 0 (the softmaxes never pass one). Rows of several widths, the shift
 * subtracted first.
 */
class ExponentialsTest {
    private static void assertExp(double argument, float got, String where) {
        float expected = (float) Math.exp(argument);
        if (expected >= Float.MIN_NORMAL) {
            assertEquals(expected, got, 2 * Math.ulp(expected), where + ": exp(" + argument + ")");
        } else {
            assertEquals(expected, got, Float.MIN_VALUE, where + ": exp(" + argument + ") below the normal range");
        }
    }

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {1, 7, 16, 33, 512})
    void matchesMathExpAcrossTheRange(int width) {
        Exponentials exp = new Exponentials(width);
        Random random = new Random(width);
        for (int round = 0; round < 400; round++) {
            float shift = (float) (random.nextGaussian() * 10);
            float[] row = new float[width];
            for (int j = 0; j < width; j++) {
                row[j] = shift - (float) (random.nextDouble() * 110);        // arguments in (−110, 0]
            }
            float[] arguments = new float[width];
            for (int j = 0; j < width; j++) {
                arguments[j] = row[j] - shift;                                // as the kernel rounds them
            }
            exp.shiftedInPlace(row, shift);
            for (int j = 0; j < width; j++) {
                assertExp(arguments[j], row[j], "round " + round + ", entry " + j);
            }
        }
    }

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {1, 9, 40})
    void edgesOfTheRange(int width) {
        float[] special = {0f, -0f, -1e-30f, -0.34657f, -0.34658f, -1f, -10.5f, -87.3f, -87.33655f, -87.7f, -95f,
                -103f, -103.9f, -104f, -105f, -150f, -1e30f, Float.NEGATIVE_INFINITY, -Float.MAX_VALUE};
        Exponentials exp = new Exponentials(width);
        for (float argument : special) {
            float[] row = new float[width];
            java.util.Arrays.fill(row, argument);
            exp.shiftedInPlace(row, 0f);
            for (int j = 0; j < width; j++) {
                assertExp(argument, row[j], "entry " + j);
            }
        }
        float[] row = new float[width];
        exp.shiftedInPlace(row, 0f);
        assertEquals(1f, row[0], 0f, "e^0 is exactly 1");
        java.util.Arrays.fill(row, Float.NEGATIVE_INFINITY);
        exp.shiftedInPlace(row, 0f);
        assertEquals(0f, row[width - 1], 0f, "e^−∞ is exactly 0");
        java.util.Arrays.fill(row, -104.5f);
        exp.shiftedInPlace(row, 0f);
        assertEquals(0f, row[0], 0f, "below FLOAT's smallest subnormal: 0");
        java.util.Arrays.fill(row, 3f);
        exp.shiftedInPlace(row, 1f);
        assertEquals(1f, row[0], 0f, "arguments above 0 are clamped to 0");
    }
}
