package io.github.dl4jlosses.eval;

/**
 * True accept rate at a false accept rate target, as {@link RocCurve#tarAtFar(double)} defines it: the ROC
 * point with the highest TAR among those whose FAR ≤ the target. Immutable.
 */
public final class TarAtFar {

    private final double targetFar;
    private final double tar;
    private final double far;
    private final double threshold;

    TarAtFar(double targetFar, double tar, double far, double threshold) {
        this.targetFar = targetFar;
        this.tar = tar;
        this.far = far;
        this.threshold = threshold;
    }

    /** The FAR that was asked for. */
    public double targetFar() {
        return targetFar;
    }

    /** Fraction of same pairs accepted at {@link #threshold()}. */
    public double tar() {
        return tar;
    }

    /** The FAR actually reached at {@link #threshold()}: ≤ {@link #targetFar()}, often below it. */
    public double far() {
        return far;
    }

    /** Accept iff {@code score ≥ threshold}; {@code +∞} when only accepting nothing meets the target. */
    public double threshold() {
        return threshold;
    }

    @Override
    public String toString() {
        return "TAR " + tar + " @ FAR " + far + " (target " + targetFar + ", threshold " + threshold + ")";
    }
}
