package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;

import java.util.Arrays;

/**
 * Checks of {@link SDVariable}s made while a graph is being defined. SameDiff knows the shape of a
 * placeholder or a variable (not of an op's output), so what is known is checked and the rest is left
 * to the arrays: each failure is an {@link IllegalArgumentException} naming the function, what it
 * expected and what it got.
 */
final class SDChecks {
    private SDChecks() {
    }

    /** The variable is given, floating point and, where its shape is known, of rank 2. */
    static void requireMatrix(String function, String what, SDVariable v) {
        requireRank2(function, what, v, "[B, D]");
        if (v.dataType() != null && !v.dataType().isFPType()) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected %s (\"%s\") to be floating point, got %s", function, what, v.name(), v.dataType()));
        }
    }

    /** The variable is given and, where its shape is known, of rank 2 ({@code shapeName} e.g. {@code "[B, S]"}). */
    static void requireRank2(String function, String what, SDVariable v, String shapeName) {
        if (v == null) {
            throw new IllegalArgumentException(function + ": expected " + what + " to be a " + shapeName
                    + " variable, got null");
        }
        long[] shape = v.getShape();
        if (shape != null && shape.length != 2) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected %s (\"%s\") to be a rank-2 %s variable, got shape %s",
                    function, what, v.name(), shapeName, Arrays.toString(shape)));
        }
    }

    /** Both are [B, D] variables and, where both widths are known, of the same width. */
    static void requireSameWidth(String function, SDVariable x, SDVariable y) {
        requireMatrix(function, "x", x);
        requireMatrix(function, "y", y);
        long wx = width(x);
        long wy = width(y);
        if (wx >= 0 && wy >= 0 && wx != wy) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected embeddings of the same width D, got \"%s\" of shape %s and \"%s\" of shape %s",
                    function, x.name(), Arrays.toString(x.getShape()), y.name(), Arrays.toString(y.getShape())));
        }
    }

    /** Every variable is a [B, D] variable of one width where widths are known. */
    static void requireSameWidths(String function, SDVariable... vs) {
        for (int i = 1; i < vs.length; i++) {
            requireSameWidth(function, vs[0], vs[i]);
        }
        if (vs.length == 1) {
            requireMatrix(function, "embeddings", vs[0]);
        }
    }

    /** Width (size of dimension 1) where known, else −1. */
    static long width(SDVariable v) {
        long[] shape = v.getShape();
        return shape == null || shape.length != 2 ? -1 : shape[1];
    }
}
