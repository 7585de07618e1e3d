package io.github.dl4jlosses.data;

import java.io.Serializable;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The epoch bookkeeping every iterator of this package shares. An epoch is planned in full (the
 * row indices of all its batches) from a {@link Random} that depends only on the seed and the
 * epoch number, so two iterators with one seed yield the same batches, epoch after epoch.
 * <p>
 * {@link #reset()} moves on to the next epoch, which is shuffled differently; a reset before the
 * first batch of an epoch was taken keeps that epoch, because DL4J's {@code fit} resets iterators
 * defensively and should not skip an epoch's order. {@link #setEpoch(int)} replays or resumes any
 * epoch.
 */
abstract class EpochPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private int epoch;
    private transient List<int[][]> batches;
    private int cursor;

    EpochPlan(long seed) {
        this.seed = seed;
    }

    /** All batches of one epoch; each batch is a small table of row indices whose meaning the iterator defines. */
    protected abstract List<int[][]> planEpoch(Random random);

    final boolean hasNext() {
        return cursor < batches().size();
    }

    final int[][] next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches; call reset() for the next epoch");
        }
        return batches().get(cursor++);
    }

    final void reset() {
        if (cursor > 0) {
            setEpoch(epoch + 1);
        }
    }

    final void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("expected an epoch >= 0, got " + epoch);
        }
        this.epoch = epoch;
        this.cursor = 0;
        this.batches = null;
    }

    final int epoch() {
        return epoch;
    }

    /** Batches in the current epoch. */
    final int batchCount() {
        return batches().size();
    }

    private List<int[][]> batches() {
        if (batches == null) {
            batches = planEpoch(new Random(epochSeed(seed, epoch)));
        }
        return batches;
    }

    /**
     * SplitMix64's finaliser over seed and epoch: neighbouring seeds or epochs give unrelated
     * streams, which {@code new Random(seed + epoch)} would not.
     */
    static long epochSeed(long seed, int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
