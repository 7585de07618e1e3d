package io.github.dl4jlosses.mining;

import lombok.AllArgsConstructor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Supplier;

/**
 * What a {@link Miner} picked from a labelled batch of B anchors and M reference rows: either <b>pairs</b> —
 * {@code [B,M]} 0/1 masks of the kept anchor–positive and anchor–negative pairs — or <b>triplets</b> — per
 * anchor S slots, each a (positive, negative) pair of reference indices {@code [B,S]} with a {@code [B,S]} 0/1
 * validity. Triplets also answer as pairs (every pair some valid triplet uses), so pair losses accept both.
 */
public final class Mined {
    private INDArray positives;
    private INDArray negatives;
    private final Supplier<PositiveSlots> slots;   // null: taken from the positives' mask when asked
    private final Triplets triplets;
    private final long width;
    /** The anchors' pairs, when the miner kept every pair of the anchors that have both; else made when asked. */
    private AnchorPairs anchorPairs;
    /** The kept positives as a loss reads them, when the miner picked them as such; else the mask, when asked. */
    private PositiveEntries positiveEntries;

    private Mined(INDArray positives, INDArray negatives, Supplier<PositiveSlots> slots, Triplets triplets, long width) {
        this.positives = positives;
        this.negatives = negatives;
        this.slots = slots;
        this.triplets = triplets;
        this.width = width;
    }

    /** Per anchor S (positive, negative) slots: indices and their validity, all {@code [B,S]}. */
    @AllArgsConstructor
    public static final class Triplets {
        /** {@code [B,S]} reference index of each slot's positive (a number, {@link Selection#indexType}). */
        public final INDArray positive;
        /** {@code [B,S]} reference index of each slot's negative. */
        public final INDArray negative;
        /** {@code [B,S]} 1 where the slot holds a triplet, else 0 (its indices are then meaningless). */
        public final INDArray valid;

        /** Number of valid triplets. */
        public double count() {
            return valid.sumNumber().doubleValue();
        }
    }

    /**
     * Pairs: {@code [B,M]} 0/1 masks. {@code slots}, if known, is the slot table of the positives or of a superset
     * of them whose extra positives have no kept negative (so that they form no triplet); else null.
     */
    public static Mined pairs(INDArray positives, INDArray negatives, PositiveSlots slots) {
        return new Mined(positives, negatives, slots == null ? null : () -> slots, null, positives.columns());
    }

    /**
     * Pairs whose positives a miner picked among a batch's candidates as a loss reads them ({@link PositiveEntries}:
     * slots in a P×K batch); their {@code [B,M]} mask is written when first asked ({@link #positives}).
     */
    public static Mined pairs(PositiveEntries positives, INDArray negatives) {
        Mined mined = new Mined(null, negatives, null, null, negatives.columns());
        mined.positiveEntries = positives;
        return mined;
    }

    /**
     * Pairs of {@code batch} as {@link #pairs}, whose slot table is the batch's candidate positives
     * ({@link LabelledDistances#positiveSlots}), built only when a loss asks for it: batch all forms triplets from it,
     * the pair losses never read it.
     */
    public static Mined pairsOfBatch(INDArray positives, INDArray negatives, LabelledDistances batch) {
        return new Mined(positives, negatives, batch::positiveSlots, null, positives.columns());
    }

    /**
     * Every pair of the anchors of {@code batch} that have a positive and a negative
     * ({@link LabelledDistances#allPairs}), as {@link #pairsOfBatch}; {@link #anchorPairs} answers with them as they are.
     */
    public static Mined allPairsOf(LabelledDistances batch) {
        AnchorPairs pairs = batch.allPairs();
        Mined mined = pairsOfBatch(pairs.positives, pairs.negatives, batch);
        mined.anchorPairs = pairs;
        return mined;
    }

    /** Nothing mined in {@code batch} (no anchor has a positive, so not a single triplet or pair). */
    public static Mined none(LabelledDistances batch) {
        return new Mined(batch.positives.mul(0.0), batch.negatives.mul(0.0), null, null, batch.references());
    }

    /** Triplets among {@code width} reference rows. */
    public static Mined triplets(Triplets triplets, long width) {
        return new Mined(null, null, null, triplets, width);
    }

    /** Whether the miner answered with triplets ({@link #triplets()}) rather than pairs. */
    public boolean isTriplets() {
        return triplets != null;
    }

    /** The triplets, or null for a pair miner. */
    public Triplets triplets() {
        return triplets;
    }

    /** {@code [B,M]} 0/1: the kept anchor–positive pairs (for triplets, those some valid triplet uses). */
    public INDArray positives() {
        if (positives == null) {
            positives = positiveEntries != null ? positiveEntries.asMask() : pairsOf(triplets.positive);
        }
        return positives;
    }

    /** The kept positives as a loss reads them: as the miner picked them, else {@link #positives} itself. */
    public PositiveEntries positiveEntries() {
        if (positiveEntries == null) {
            // every pair of the valid anchors (allPairsOf): as the batch's pairs read them (slots in a P×K batch)
            positiveEntries = anchorPairs != null && anchorPairs.positives == positives ? anchorPairs.positiveEntries()
                    : PositiveEntries.dense(positives());
        }
        return positiveEntries;
    }

    /** {@code [B,M]} 0/1: the kept anchor–negative pairs (for triplets, those some valid triplet uses). */
    public INDArray negatives() {
        if (negatives == null) {
            negatives = pairsOf(triplets.negative);
        }
        return negatives;
    }

    /** The kept pairs of the anchors that have both a positive and a negative among them ({@link AnchorPairs#of}). */
    public AnchorPairs anchorPairs() {
        if (anchorPairs == null) {
            anchorPairs = AnchorPairs.of(positives(), negatives());
        }
        return anchorPairs;
    }

    /** The kept positives as a slot table (for forming every (positive, negative) combination of an anchor). */
    public PositiveSlots positiveSlots() {
        return slots != null ? slots.get() : PositiveSlots.ofMask(positives());
    }

    private INDArray pairsOf(INDArray index) {
        DataType type = triplets.valid.dataType();
        return Selection.scatter(index, triplets.valid, width).gt(0.0).castTo(type);
    }
}
