package io.github.dl4jlosses.data;

import java.util.Random;

/** Small seeded sampling helpers on int arrays (plain Java: these touch indices, never feature values). */
final class Sampling {
    private Sampling() {
    }

    /** Fisher–Yates shuffle in place. */
    static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Fisher–Yates shuffle of an array's elements (not their contents). */
    static <T> void shuffle(T[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** {@code count} distinct numbers from {@code [0, bound)}, in random order (partial Fisher–Yates). */
    static int[] distinct(int bound, int count, Random random) {
        if (count > bound) {
            throw new IllegalArgumentException("cannot draw " + count + " distinct numbers below " + bound);
        }
        int[] all = new int[bound];
        for (int i = 0; i < bound; i++) {
            all[i] = i;
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(bound - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
            out[i] = all[i];
        }
        return out;
    }

    /** 0, 1, ..., n-1. */
    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** 0, 1, ..., n-1 shuffled. */
    static int[] permutation(int n, Random random) {
        int[] p = range(n);
        shuffle(p, random);
        return p;
    }

    /** Rows of the groups, group after group. */
    static int[] flatten(int[][] groups) {
        int size = 0;
        for (int[] g : groups) {
            size += g.length;
        }
        int[] out = new int[size];
        int at = 0;
        for (int[] g : groups) {
            System.arraycopy(g, 0, out, at, g.length);
            at += g.length;
        }
        return out;
    }
}
