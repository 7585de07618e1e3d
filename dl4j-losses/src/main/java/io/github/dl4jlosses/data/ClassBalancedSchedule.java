package io.github.dl4jlosses.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Plans one epoch of P×K batches: P distinct classes, K examples of each.
 * <p>
 * Every class is shuffled and cut into chunks of K examples; a last, partial chunk is topped up
 * with other examples of the same class, so every example lands in some chunk. The epoch then
 * serves every chunk exactly once, P chunks of P different classes per batch, in
 * {@code R = max(ceil(T / P), most chunks of any class)} batches (T = number of chunks). For
 * balanced classes R ≈ n / (P·K).
 * <p>
 * Each batch first takes every class whose remaining chunks equal the remaining batches (it would
 * not fit otherwise), then draws the rest at random, weighted by remaining chunks. This keeps the
 * invariant "remaining chunks ≤ P · remaining batches and no class has more chunks than batches
 * left", so the plan never runs out of room. When fewer than P classes still have chunks (only
 * near the end of an epoch), the batch is completed with fresh random chunks of other classes:
 * all batches have exactly P·K rows.
 */
final class ClassBalancedSchedule {
    private ClassBalancedSchedule() {
    }

    /**
     * @param classes the rows of each usable class (at least {@code p} classes; a class with fewer
     *                than {@code k} rows is padded by repetition)
     * @return the epoch's batches, each {@code [p][k]} rows: one group of K rows per class
     */
    static List<int[][]> plan(int[][] classes, int p, int k, Random random) {
        int c = classes.length;
        List<ArrayDeque<int[]>> chunks = new ArrayList<>(c);
        int[] remaining = new int[c];
        int total = 0;
        int mostChunks = 0;
        for (int i = 0; i < c; i++) {
            ArrayDeque<int[]> own = chunksOf(classes[i], k, random);
            chunks.add(own);
            remaining[i] = own.size();
            total += own.size();
            mostChunks = Math.max(mostChunks, own.size());
        }
        int rounds = Math.max((total + p - 1) / p, mostChunks);
        List<int[][]> batches = new ArrayList<>(rounds);
        for (int left = rounds; left >= 1; left--) {
            boolean[] taken = new boolean[c];
            List<int[]> groups = new ArrayList<>(p);
            for (int i = 0; i < c; i++) {
                if (remaining[i] == left) {
                    taken[i] = true;
                    groups.add(chunks.get(i).poll());
                    remaining[i]--;
                }
            }
            while (groups.size() < p) {
                int i = pickWeighted(remaining, taken, random);
                if (i < 0) {
                    break;
                }
                taken[i] = true;
                groups.add(chunks.get(i).poll());
                remaining[i]--;
            }
            while (groups.size() < p) {
                int i = pickUniform(taken, c - groups.size(), random);
                taken[i] = true;
                groups.add(freshChunk(classes[i], k, random));
            }
            int[][] batch = groups.toArray(new int[0][]);
            Sampling.shuffle(batch, random);
            batches.add(batch);
        }
        return batches;
    }

    /** A class's rows shuffled and cut into chunks of k; the last partial chunk topped up from the class's other rows. */
    static ArrayDeque<int[]> chunksOf(int[] rows, int k, Random random) {
        ArrayDeque<int[]> chunks = new ArrayDeque<>();
        if (rows.length < k) {
            chunks.add(freshChunk(rows, k, random));
            return chunks;
        }
        int[] shuffled = rows.clone();
        Sampling.shuffle(shuffled, random);
        int full = shuffled.length / k;
        for (int j = 0; j < full; j++) {
            int[] chunk = new int[k];
            System.arraycopy(shuffled, j * k, chunk, 0, k);
            chunks.add(chunk);
        }
        int rest = shuffled.length - full * k;
        if (rest > 0) {
            int[] chunk = new int[k];
            System.arraycopy(shuffled, full * k, chunk, 0, rest);
            // Top-up rows come from the rows before the remainder, so no row repeats within the chunk.
            int[] others = Sampling.distinct(full * k, k - rest, random);
            for (int j = 0; j < others.length; j++) {
                chunk[rest + j] = shuffled[others[j]];
            }
            chunks.add(chunk);
        }
        return chunks;
    }

    /** k random rows of a class: distinct when the class has k rows, else every row once and random repeats. */
    static int[] freshChunk(int[] rows, int k, Random random) {
        int[] chunk = new int[k];
        if (rows.length >= k) {
            int[] picks = Sampling.distinct(rows.length, k, random);
            for (int j = 0; j < k; j++) {
                chunk[j] = rows[picks[j]];
            }
            return chunk;
        }
        for (int j = 0; j < k; j++) {
            chunk[j] = j < rows.length ? rows[j] : rows[random.nextInt(rows.length)];
        }
        Sampling.shuffle(chunk, random);
        return chunk;
    }

    /** A class not yet taken, with probability proportional to its remaining chunks; -1 when none has any. */
    private static int pickWeighted(int[] remaining, boolean[] taken, Random random) {
        int weight = 0;
        for (int i = 0; i < remaining.length; i++) {
            if (!taken[i]) {
                weight += remaining[i];
            }
        }
        if (weight == 0) {
            return -1;
        }
        int target = random.nextInt(weight);
        for (int i = 0; i < remaining.length; i++) {
            if (!taken[i]) {
                target -= remaining[i];
                if (target < 0) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("unreachable: weights did not add up");
    }

    /** A uniformly random class among the {@code free} not yet taken. */
    private static int pickUniform(boolean[] taken, int free, Random random) {
        int target = random.nextInt(free);
        for (int i = 0; i < taken.length; i++) {
            if (!taken[i] && target-- == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: fewer free classes than counted");
    }
}
