package io.github.dl4jlosses.eval;

import lombok.AccessLevel;
import lombok.AllArgsConstructor;
import lombok.Getter;
import lombok.experimental.Accessors;

/**
 * True accept rate at a false accept rate target, as {@link RocCurve#tarAtFar(double)} defines it: the ROC
 * point with the highest TAR among those whose FAR ≤ the target. Immutable.
 */
@Getter
@Accessors(fluent = true)
@AllArgsConstructor(access = AccessLevel.PACKAGE)
public final class TarAtFar {

    /** The FAR that was asked for. */
    private final double targetFar;
    /** Fraction of same pairs accepted at {@link #threshold()}. */
    private final double tar;
    /** The FAR actually reached at {@link #threshold()}: ≤ {@link #targetFar()}, often below it. */
    private final double far;
    /** Accept iff {@code score ≥ threshold}; {@code +∞} when only accepting nothing meets the target. */
    private final double threshold;

    @Override
    public String toString() {
        return "TAR " + tar + " @ FAR " + far + " (target " + targetFar + ", threshold " + threshold + ")";
    }
}
