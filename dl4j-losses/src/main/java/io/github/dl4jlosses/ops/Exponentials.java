package io.github.dl4jlosses.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * FLOAT exponentials of a row in plain loops that HotSpot's C2 compiles to vector instructions, for
 * {@link ScalarRowsKernel}'s softmaxes where the Vector API module is absent: {@code Math.exp} is a scalar call of
 * ~14 ns an entry on Java 17 (one row of 512 entries: 7 µs), these loops ~0.7–0.9 ns, against glibc's {@code expf}
 * in libnd4j's generic natives at ~1.3 ns (2-core AMD EPYC, AVX-512, session 37).
 * <p>
 * Cephes' {@code expf}: {@code e^v = 2^n·e^r} with {@code n = round(v/ln 2)}, {@code r = v − n·ln 2} (ln 2 in two
 * parts, so r is exact) and {@code e^r} by a degree-6 polynomial on {@code |r| ≤ ln 2 / 2}; relative error about one
 * unit in the last place (1.2e−7 over {@code [−30, 0]} against {@code Math.exp}). Adding {@code 1.5·2^23} rounds
 * {@code v/ln 2} to the integer n and leaves {@code n} in the low bits of the sum's representation; {@code 2^n} is
 * built from those bits. The JIT vectorises neither {@code Float.floatToRawIntBits} nor an int cast in a loop, so the
 * bits change type by a bulk copy through one byte buffer's float and int views.
 * <p>
 * For softmaxes, whose arguments are at most 0 once shifted by the row's largest logit: arguments are clamped to
 * {@code [−105, 0]} ({@code e^−105} rounds to FLOAT's 0, and {@code −∞} gives exactly 0). {@code 2^n} is built as
 * {@code 2^(n+64)}, a normal number for every such n, and the product scaled by {@code 2^−64} last, so that results
 * below FLOAT's normal range round to its subnormals as {@code Math.exp} would. Not thread-safe: one per row loop.
 */
final class Exponentials {
    private static final float LOWEST = -105f;
    /** {@code 2^−64}: undoes the 64 added to the exponent of {@code 2^n}. */
    private static final float TWO_TO_MINUS_64 = 0x1p-64f;
    private static final int EXPONENT_OFFSET = 64;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    /** {@code 1.5·2^23}: adding it to {@code |y| < 2^22} rounds y to an integer n, stored as {@code 0x4B400000 + n}. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;
    private static final int EXPONENT_BIAS = 127;

    private final float[] rounded;
    private final int[] bits;
    private final FloatBuffer asFloats;
    private final IntBuffer asInts;

    /** Scratch for rows of up to {@code width} entries. */
    Exponentials(int width) {
        rounded = new float[width];
        bits = new int[width];
        ByteBuffer buffer = ByteBuffer.allocate(Float.BYTES * width).order(ByteOrder.nativeOrder());
        asFloats = buffer.asFloatBuffer();
        asInts = buffer.asIntBuffer();
    }

    /** {@code row[j] ← exp(row[j] − shift)} for every entry, the argument clamped to {@code [−105, 0]}. */
    void shiftedInPlace(float[] row, float shift) {
        int n = row.length;
        for (int j = 0; j < n; j++) {                   // row becomes r, rounded holds n + ROUNDER
            float v = Math.min(Math.max(row[j] - shift, LOWEST), 0f);
            float t = v * LOG2E + ROUNDER;
            rounded[j] = t;
            float k = t - ROUNDER;
            row[j] = v - k * LN2_HIGH - k * LN2_LOW;
        }
        asFloats.clear();
        asFloats.put(rounded, 0, n);
        asInts.clear();
        asInts.get(bits, 0, n);
        for (int j = 0; j < n; j++) {                   // 2^(n+64)'s bits: the biased exponent n + 64 + 127, in place
            bits[j] = (bits[j] - ROUNDER_BITS + EXPONENT_OFFSET + EXPONENT_BIAS) << 23;
        }
        asInts.clear();
        asInts.put(bits, 0, n);
        asFloats.clear();
        asFloats.get(rounded, 0, n);
        for (int j = 0; j < n; j++) {                   // e^r·2^(n+64)·2^−64
            float r = row[j];
            float p = 1.9875691500e-4f;
            p = p * r + 1.3981999507e-3f;
            p = p * r + 8.3334519073e-3f;
            p = p * r + 4.1665795894e-2f;
            p = p * r + 1.6666665459e-1f;
            p = p * r + 5.0000001201e-1f;
            row[j] = (p * r * r + r + 1f) * rounded[j] * TWO_TO_MINUS_64;
        }
    }
}
