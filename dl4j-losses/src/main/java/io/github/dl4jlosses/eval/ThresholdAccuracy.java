package io.github.dl4jlosses.eval;

import lombok.AccessLevel;
import lombok.AllArgsConstructor;
import lombok.Getter;
import lombok.experimental.Accessors;

/**
 * A decision threshold and the verification accuracy {@code (TP + TN) / (P + N)} it gives, where a pair
 * is accepted as "same" iff {@code score ≥ threshold}. Immutable.
 */
@Getter
@Accessors(fluent = true)
@AllArgsConstructor(access = AccessLevel.PACKAGE)
public final class ThresholdAccuracy {

    /** Accept iff {@code score ≥ threshold}; may be {@code ±∞} (accept nothing / everything). */
    private final double threshold;
    /** Fraction of pairs classified correctly, in [0, 1]. */
    private final double accuracy;

    @Override
    public String toString() {
        return "accuracy " + accuracy + " at threshold " + threshold;
    }
}
