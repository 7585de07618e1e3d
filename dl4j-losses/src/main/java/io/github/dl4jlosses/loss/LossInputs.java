package io.github.dl4jlosses.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Up-front checks shared by every loss. Each failure is an {@link IllegalArgumentException} whose
 * message names the loss, what was expected and what came, so a user never sees a NaN, an
 * {@code ArrayIndexOutOfBoundsException} or ND4J's internal message instead.
 */
public final class LossInputs {
    private LossInputs() {
    }

    /** preOutput must be a non-empty matrix whose width splits into {@code parts} blocks of equal size. */
    public static long requireTupleWidth(String loss, INDArray preOutput, int parts, String layout) {
        requireMatrix(loss, "preOutput", preOutput);
        long width = preOutput.size(1);
        if (width == 0 || width % parts != 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected preOutput of shape [B, %d·D] laid out as %s, got %s (width %d is not a positive multiple of %d)",
                    loss, parts, layout, shape(preOutput), width, parts));
        }
        return width / parts;
    }

    /** At least 2 rows: in-batch negatives need another row to compare with. */
    public static void requireInBatchRows(String loss, INDArray preOutput, String rowsAre) {
        if (preOutput.size(0) < 2) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected at least 2 rows (%s) for in-batch negatives, got %d row(s), preOutput %s",
                    loss, rowsAre, preOutput.size(0), shape(preOutput)));
        }
    }

    /** A rank-2 array with at least one row. */
    public static void requireMatrix(String loss, String what, INDArray array) {
        if (array == null) {
            throw new IllegalArgumentException(loss + ": expected " + what + " to be a [B, width] array, got null");
        }
        if (array.rank() != 2 || array.size(0) == 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected %s to be a non-empty rank-2 [B, width] array, got shape %s",
                    loss, what, shape(array)));
        }
    }

    /** preOutput must hold floating-point values: integer types would divide by zero in native code. */
    public static void requireFloatingPoint(String loss, INDArray preOutput) {
        if (!preOutput.dataType().isFPType()) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected preOutput of a floating-point type (FLOAT, DOUBLE, HALF), got %s",
                    loss, preOutput.dataType()));
        }
    }

    /** labels (when given) must have one row per preOutput row. */
    public static void requireLabelRows(String loss, INDArray labels, INDArray preOutput) {
        if (labels == null) {
            return;
        }
        if (labels.rank() != 2 || labels.size(0) != preOutput.size(0)) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected labels with %d rows (one per preOutput row, preOutput %s), got labels of shape %s",
                    loss, preOutput.size(0), shape(preOutput), shape(labels)));
        }
    }

    /** labels must be present and exactly {@code [B,1]}. */
    public static void requireColumnLabels(String loss, INDArray labels, INDArray preOutput) {
        if (labels == null) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected labels of shape [%d, 1], got null", loss, preOutput.size(0)));
        }
        requireLabelRows(loss, labels, preOutput);
        if (labels.size(1) != 1) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected labels of shape [%d, 1], got %s", loss, preOutput.size(0), shape(labels)));
        }
    }

    /** A per-example mask: {@code [B,1]} or {@code [B]}, or null. */
    public static void requireExampleMask(String loss, INDArray mask, INDArray preOutput) {
        if (mask == null) {
            return;
        }
        boolean ok = mask.length() == preOutput.size(0)
                && (mask.rank() == 1 || (mask.rank() == 2 && mask.size(1) == 1));
        if (!ok) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected a per-example mask of shape [%d, 1], got %s", loss, preOutput.size(0), shape(mask)));
        }
    }

    public static double requireNonNegative(String loss, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected %s to be a finite number >= 0, got %s", loss, name, value));
        }
        return value;
    }

    public static double requirePositive(String loss, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected %s to be a finite number > 0, got %s", loss, name, value));
        }
        return value;
    }

    public static int requirePositive(String loss, String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected %s to be an integer >= 1, got %d", loss, name, value));
        }
        return value;
    }

    public static <T> T requireNonNull(String loss, String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(loss + ": expected " + name + " to be set, got null");
        }
        return value;
    }

    static String shape(INDArray a) {
        return a == null ? "null" : Arrays.toString(a.shape());
    }
}
