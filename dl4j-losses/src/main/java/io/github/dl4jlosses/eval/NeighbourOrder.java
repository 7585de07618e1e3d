package io.github.dl4jlosses.eval;

import java.util.Arrays;

/**
 * The nearest items of one query, from its row of scores: descending score, ties broken by the lower
 * item index, the query itself left out. Only the first {@code limit} positions are materialised, in
 * O(N + c·log c) for c ≈ limit candidates: a selection finds the score of the limit-th nearest, and only
 * the items scoring at least that much are sorted.
 */
final class NeighbourOrder {

    /** Partition rounds before selection gives up on pivots and sorts the remaining range. */
    private static final int MAX_SELECT_ROUNDS = 64;

    private NeighbourOrder() {
    }

    /**
     * Indices of the {@code limit} highest-scoring items other than {@code query}, in rank order.
     *
     * @param scores row-major score rows (higher = nearer), finite
     * @param offset where the query's row of {@code n} scores starts in {@code scores}
     * @param n      number of items (row length)
     * @param query  the item index to leave out
     * @param limit  how many positions to return, {@code 1 ≤ limit ≤ n − 1}
     */
    static int[] nearest(double[] scores, int offset, int n, int query, int limit) {
        int others = n - 1;
        double[] work = new double[others];
        System.arraycopy(scores, offset, work, 0, query);
        System.arraycopy(scores, offset + query + 1, work, query, others - query);
        // Every item within the first `limit` positions scores at least the limit-th largest value, and
        // every item scoring at least that value has fewer than `limit` items strictly above it.
        double cutoff = select(work, others - limit);

        int candidates = 0;
        for (int i = 0; i < n; i++) {
            if (i != query && scores[offset + i] >= cutoff) {
                work[candidates++] = scores[offset + i];
            }
        }
        Arrays.sort(work, 0, candidates);
        long[] keys = new long[candidates];
        for (int i = 0, c = 0; i < n; i++) {
            double s = scores[offset + i];
            if (i != query && s >= cutoff) {
                // Everything scoring strictly higher is itself a candidate, so counting among them suffices.
                long strictlyGreater = candidates - upperBound(work, candidates, s);
                // Primary key: how many score strictly higher (equal scores share it); secondary: the index.
                keys[c++] = (strictlyGreater << 32) | i;
            }
        }
        Arrays.sort(keys);
        int[] order = new int[limit];
        for (int r = 0; r < limit; r++) {
            order[r] = (int) keys[r];
        }
        return order;
    }

    /**
     * The {@code k}-th smallest value (0-based) of {@code a}, reordering {@code a}. Quickselect with a
     * median-of-three pivot and a three-way partition, so runs of equal scores cost nothing extra.
     */
    static double select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        for (int round = 0; lo < hi; round++) {
            if (round == MAX_SELECT_ROUNDS) {
                Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            double pivot = medianOfThree(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int lt = lo;
            int i = lo;
            int gt = hi;
            // a[lo..lt) < pivot, a[lt..i) == pivot, a(gt..hi] > pivot
            while (i <= gt) {
                if (a[i] < pivot) {
                    swap(a, lt++, i++);
                } else if (a[i] > pivot) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return a[k];
    }

    private static double medianOfThree(double x, double y, double z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Number of the first {@code length} entries of the ascending array {@code a} that are ≤ {@code v}. */
    private static int upperBound(double[] a, int length, double v) {
        int lo = 0;
        int hi = length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
