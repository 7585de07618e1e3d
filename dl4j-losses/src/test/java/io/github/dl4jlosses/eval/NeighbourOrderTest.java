package io.github.dl4jlosses.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NeighbourOrderTest {

    @Test
    void workedOrderWithTiesAndTheQueryLeftOut() {
        // Row of query 2 inside a larger buffer (offset 3): scores of items 0..5 = .5 .9 [query .99] .5 .1 .9
        // Descending, lower index first on ties: 1 (.9), 5 (.9), 0 (.5), 3 (.5), 4 (.1).
        double[] buffer = {7, 7, 7, 0.5, 0.9, 0.99, 0.5, 0.1, 0.9, 7};
        assertArrayEquals(new int[]{1, 5, 0, 3, 4}, NeighbourOrder.nearest(buffer, 3, 6, 2, 5));
        assertArrayEquals(new int[]{1, 5, 0}, NeighbourOrder.nearest(buffer, 3, 6, 2, 3));
        assertArrayEquals(new int[]{1}, NeighbourOrder.nearest(buffer, 3, 6, 2, 1));
    }

    @ParameterizedTest
    @CsvSource({"1, 50, 3", "2, 200, 0", "3, 1000, 5", "4, 7, 1", "5, 300, 1"})
    void selectFindsEveryOrderStatistic(long seed, int n, int levels) {
        Random rnd = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double v = rnd.nextGaussian();
            a[i] = levels > 0 ? Math.round(v * levels) / (double) levels : v;
        }
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < n; k++) {
            assertEquals(sorted[k], NeighbourOrder.select(a.clone(), k), 0.0, "k = " + k);
        }
    }

    @Test
    void selectOnAllEqualValues() {
        double[] a = new double[500];
        Arrays.fill(a, 0.25);
        assertEquals(0.25, NeighbourOrder.select(a, 123), 0.0);
    }

    @ParameterizedTest
    @CsvSource({"11, 100, 2", "12, 100, 0", "13, 1001, 4", "14, 2, 0"})
    void nearestAgreesWithAFullSortForEveryLimitAndQuery(long seed, int n, int levels) {
        Random rnd = new Random(seed);
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            double v = rnd.nextGaussian();
            row[i] = levels > 0 ? Math.round(v * levels) / (double) levels : v;
        }
        for (int query : new int[]{0, n / 2, n - 1}) {
            Integer[] all = new Integer[n - 1];
            for (int i = 0, c = 0; i < n; i++) {
                if (i != query) {
                    all[c++] = i;
                }
            }
            Arrays.sort(all, Comparator.<Integer>comparingDouble(i -> -row[i]).thenComparingInt(i -> i));
            for (int limit : new int[]{1, 2, (n - 1) / 2, n - 1}) {
                if (limit < 1 || limit > n - 1) {
                    continue;
                }
                int[] expected = new int[limit];
                for (int r = 0; r < limit; r++) {
                    expected[r] = all[r];
                }
                assertArrayEquals(expected, NeighbourOrder.nearest(row, 0, n, query, limit),
                        "query " + query + ", limit " + limit);
            }
        }
    }
}
