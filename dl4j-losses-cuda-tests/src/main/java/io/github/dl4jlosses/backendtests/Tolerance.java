package io.github.dl4jlosses.backendtests;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * How close a replay must come to a DOUBLE golden: element i passes when
 * {@code |actual_i − expected_i| ≤ rtol·|expected_i| + atol·scale}, where scale is the largest
 * magnitude of the expected array (at least 1e-3, so an all-zero golden still allows rounding noise).
 * <table>
 *   <caption>tolerances</caption>
 *   <tr><th>data type</th><th>loss rtol / atol</th><th>trajectory rtol / atol</th></tr>
 *   <tr><td>DOUBLE</td><td>1e-9 / 1e-10</td><td>1e-8 / 1e-9</td></tr>
 *   <tr><td>FLOAT</td><td>1e-4 / 1e-5</td><td>1e-3 / 1e-4</td></tr>
 *   <tr><td>HALF</td><td>3e-2 / 1e-2</td><td>not replayed</td></tr>
 * </table>
 * The freshness check (CPU against CPU) uses {@link #FRESHNESS}: 1e-12 relative to the array's scale.
 */
public final class Tolerance {
    /** Regenerated on CPU against the committed goldens. */
    public static final Tolerance FRESHNESS = new Tolerance("freshness", 1e-12, 1e-12);

    private final String name;
    private final double rtol;
    private final double atol;

    private Tolerance(String name, double rtol, double atol) {
        this.name = name;
        this.rtol = rtol;
        this.atol = atol;
    }

    /** Tolerance of a single loss evaluation replayed in {@code type}. */
    public static Tolerance forLoss(DataType type) {
        if (type == DataType.DOUBLE) {
            return new Tolerance("loss/DOUBLE", 1e-9, 1e-10);
        }
        if (type == DataType.FLOAT) {
            return new Tolerance("loss/FLOAT", 1e-4, 1e-5);
        }
        if (type == DataType.FLOAT16) {
            return new Tolerance("loss/HALF", 3e-2, 1e-2);
        }
        throw new IllegalArgumentException("no loss tolerance for " + type);
    }

    /** Tolerance of a 20-step training trajectory replayed in {@code type} (DOUBLE or FLOAT). */
    public static Tolerance forTrajectory(DataType type) {
        switch (type) {
            case DOUBLE: return new Tolerance("trajectory/DOUBLE", 1e-8, 1e-9);
            case FLOAT: return new Tolerance("trajectory/FLOAT", 1e-3, 1e-4);
            default: throw new IllegalArgumentException("no trajectory tolerance for " + type);
        }
    }

    /** Null when {@code actual} matches {@code expected}; otherwise a message naming the worst element. */
    public String compare(String what, INDArray expected, INDArray actual) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            return String.format("%s: shape %s, expected %s", what, Arrays.toString(actual.shape()),
                    Arrays.toString(expected.shape()));
        }
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double scale = 1e-3;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        int worst = -1;
        double worstRatio = 1.0;
        for (int i = 0; i < e.length; i++) {
            double allowed = rtol * Math.abs(e[i]) + atol * scale;
            double ratio = Double.isFinite(a[i]) ? Math.abs(a[i] - e[i]) / allowed : Double.POSITIVE_INFINITY;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = i;
            }
        }
        if (worst < 0) {
            return null;
        }
        return String.format("%s: element %d (flat, of %d) is %.17g, expected %.17g (|diff| %.3g > %s allows %.3g)",
                what, worst, e.length, a[worst], e[worst], Math.abs(a[worst] - e[worst]), name,
                rtol * Math.abs(e[worst]) + atol * scale);
    }

    /** {@link #compare} for a scalar. */
    public String compare(String what, double expected, double actual) {
        double allowed = rtol * Math.abs(expected) + atol * Math.max(Math.abs(expected), 1e-3);
        if (Double.isFinite(actual) && Math.abs(actual - expected) <= allowed) {
            return null;
        }
        return String.format("%s: %.17g, expected %.17g (|diff| %.3g > %s allows %.3g)", what, actual, expected,
                Math.abs(actual - expected), name, allowed);
    }

    @Override
    public String toString() {
        return name + "(rtol=" + rtol + ", atol=" + atol + ")";
    }
}
