package io.github.dl4jlosses.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Epochs of P×K batches from {@link ClassBalancedSchedule}, the class-balanced mode of every
 * iterator. As it stands a batch is its {@code [P][K]} groups of rows; the pair and triplet
 * iterators override {@link #batchRows} to pick each member's partners inside the batch.
 */
class ClassBalancedPlan extends EpochPlan {
    private static final long serialVersionUID = 1L;

    private final int[][] classes;
    /** Classes per batch. */
    final int p;
    /** Examples per class in a batch. */
    final int k;

    ClassBalancedPlan(long seed, int[][] classes, int p, int k) {
        super(seed);
        this.classes = classes;
        this.p = p;
        this.k = k;
    }

    /**
     * The whole epoch is scheduled before any batch's partners are drawn, so the schedule's draws
     * from {@code random} come first whatever the override does.
     */
    @Override
    protected final List<int[][]> planEpoch(Random random) {
        List<int[][]> batches = new ArrayList<>();
        for (int[][] groups : ClassBalancedSchedule.plan(classes, p, k, random)) {
            batches.add(batchRows(groups, random));
        }
        return batches;
    }

    /** The rows of one batch from its {@code [P][K]} groups, one group per class; the groups themselves here. */
    int[][] batchRows(int[][] groups, Random random) {
        return groups;
    }
}
