package io.github.dl4jlosses.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Stats.median(new double[]{5, 1, 3}), 0);
        assertEquals(2.5, Stats.median(new double[]{4, 1, 3, 2}), 0);
    }

    /** Ratios 1 and 4 (by hand): geometric mean 2; log sd ln4/√2, t(0.975, 1 df) = 12.7062, half-width t·ln4/2. */
    @Test
    void geometricMeanIntervalOfTwoRatiosWorkedByHand() {
        double[] r = Stats.geometricMeanInterval(new double[]{0, Math.log(4)});
        double half = 12.7062 * Math.log(4) / 2;
        assertEquals(2.0, r[0], 1e-12);
        assertEquals(2.0 * Math.exp(-half), r[1], 2.0 * Math.exp(-half) * 1e-3);
        assertEquals(2.0 * Math.exp(half), r[2], 2.0 * Math.exp(half) * 1e-3);
    }

    /** Twenty-one equal ratios: no spread, so the interval is the point itself. */
    @Test
    void identicalRatiosGiveAPointInterval() {
        double[] logs = new double[21];
        java.util.Arrays.fill(logs, Math.log(1.5));
        double[] r = Stats.geometricMeanInterval(logs);
        assertEquals(1.5, r[0], 1e-12);
        assertEquals(1.5, r[1], 1e-12);
        assertEquals(1.5, r[2], 1e-12);
    }
}
