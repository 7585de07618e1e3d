package io.github.dl4jlosses.eval;

/** Argument checks shared by the metrics: each failure says what was expected and what came. */
final class Checks {

    private Checks() {
    }

    static <T> T notNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }

    /** Rejects NaN and ±∞, naming the first offending index and value. */
    static void finite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " must be finite, but " + what + "[" + i + "] = "
                        + values[i]);
            }
        }
    }

    static void sameLength(String whatA, int lengthA, String whatB, int lengthB) {
        if (lengthA != lengthB) {
            throw new IllegalArgumentException("expected " + whatB + " to have one entry per " + whatA + " ("
                    + lengthA + "), but it has " + lengthB);
        }
    }

    /** Scores and same/different truth of a verification set: non-null, same length, finite, both classes. */
    static void verificationInput(double[] scores, boolean[] same) {
        notNull(scores, "scores");
        notNull(same, "same");
        sameLength("score", scores.length, "same", same.length);
        finite(scores, "scores");
        int positives = 0;
        for (boolean s : same) {
            if (s) {
                positives++;
            }
        }
        int negatives = same.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("expected at least one same pair and one different pair, but got "
                    + positives + " same and " + negatives + " different (of " + same.length + " pairs)");
        }
    }
}
