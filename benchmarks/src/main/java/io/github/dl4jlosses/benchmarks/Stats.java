package io.github.dl4jlosses.benchmarks;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/** Summaries of repeated timings shared by the interleaved harnesses ({@link LeverAB}, {@link TwinRatio}, {@link VersionAB}). */
final class Stats {
    private Stats() {
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return quantile(s, 0.5);
    }

    /** Linear interpolation between order statistics of a sorted array. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * {@code {geometric mean, low, high}} of ratios given by their logarithms: the 95% Student-t interval of the
     * logarithms' mean, exponentiated (ratios of times are skewed: a stall doubles a time, nothing halves it).
     * At least two values.
     */
    static double[] geometricMeanInterval(double[] logRatios) {
        int n = logRatios.length;
        double mean = Arrays.stream(logRatios).average().orElse(Double.NaN);
        double sd = Math.sqrt(Arrays.stream(logRatios).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new double[]{Math.exp(mean), Math.exp(mean - half), Math.exp(mean + half)};
    }
}
