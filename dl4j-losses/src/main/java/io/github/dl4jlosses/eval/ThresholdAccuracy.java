package io.github.dl4jlosses.eval;

/**
 * A decision threshold and the verification accuracy {@code (TP + TN) / (P + N)} it gives, where a pair
 * is accepted as "same" iff {@code score ≥ threshold}. Immutable.
 */
public final class ThresholdAccuracy {

    private final double threshold;
    private final double accuracy;

    ThresholdAccuracy(double threshold, double accuracy) {
        this.threshold = threshold;
        this.accuracy = accuracy;
    }

    /** Accept iff {@code score ≥ threshold}; may be {@code ±∞} (accept nothing / everything). */
    public double threshold() {
        return threshold;
    }

    /** Fraction of pairs classified correctly, in [0, 1]. */
    public double accuracy() {
        return accuracy;
    }

    @Override
    public String toString() {
        return "accuracy " + accuracy + " at threshold " + threshold;
    }
}
