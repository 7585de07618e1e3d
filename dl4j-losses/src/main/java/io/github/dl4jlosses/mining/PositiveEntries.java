package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.Entries;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The positive pairs of the valid anchors of an {@link AnchorPairs} as a loss reads them: either the {@code [B,M]} mask
 * itself, or, where every anchor has few positives (a P×K batch: K − 1 of M references), a {@code [B,S]} table of
 * slots ({@link PositiveSlots}). A loss whose positives' terms need only their own entries (a log-sum-exp over them)
 * then reads {@code B·S} gathered entries instead of passing over {@code [B,M]} matrices several times, and adds its
 * gradient back by one scatter. Either way the loss writes the same three calls: {@link #of}, {@link #mask},
 * {@link #addInto}.
 */
public final class PositiveEntries {
    /**
     * Slots are used when {@code S · SLOT_RATIO <= M}: a gather and a scatter of {@code B·S} entries then replace a
     * dozen passes over {@code [B,M]}, while a batch of a few classes (S near M/2) keeps the mask.
     */
    static final int SLOT_RATIO = 4;

    private final INDArray mask;        // [B,M] positives, or [B,S] valid slots
    private final PositiveSlots slots;  // null: the mask itself

    private PositiveEntries(INDArray mask, PositiveSlots slots) {
        this.mask = mask;
        this.slots = slots;
    }

    /**
     * The positives of {@code pairs}' valid anchors: {@code slots} (the batch's candidate positives, or null when not
     * known) where narrow enough, else the {@code [B,M]} mask.
     */
    static PositiveEntries of(AnchorPairs pairs, PositiveSlots slots) {
        if (slots == null || slots.slots == 0 || (long) slots.slots * SLOT_RATIO > pairs.positives.columns()) {
            return new PositiveEntries(pairs.positives, null);
        }
        INDArray valid = pairs.valid;
        return new PositiveEntries(Broadcast.muliColumn(slots.valid(valid.dataType()), valid), slots);
    }

    /** The positives of a {@code [B,M]} 0/1 mask, read as the mask itself. */
    static PositiveEntries dense(INDArray mask) {
        return new PositiveEntries(mask, null);
    }

    /**
     * These positives where {@code kept} (0/1, shaped as {@link #of} returns) is 1: a miner's rule evaluated on the
     * positives' entries alone.
     */
    public PositiveEntries where(INDArray kept) {
        return new PositiveEntries(mask.mul(kept), slots);
    }

    /**
     * These positives narrowed to {@code subset}, a 0/1 mask shaped as {@link #of} returns that keeps only entries of
     * {@link #mask} (as {@code VectorRows.keepBeyond} gives from it): taken as it is, where {@link #where} would
     * multiply by the mask once more.
     */
    public PositiveEntries narrowedTo(INDArray subset) {
        return new PositiveEntries(subset, slots);
    }

    /** The {@code [B,M]} 0/1 mask of these positives: {@link #mask} itself, or the slots' written into zeros. */
    public INDArray asMask() {
        return slots == null ? mask : slots.addAt(Nd4j.zeros(mask.dataType(), slots.batch, slots.width), mask);
    }

    /** Whether the positives are slots ({@code [B,S]}) rather than the {@code [B,M]} mask. */
    public boolean isSlots() {
        return slots != null;
    }

    /** The positives' entries of an anchors × references matrix {@code m}: {@code m} itself, or {@code [B,S]} gathered. */
    public INDArray of(INDArray m) {
        return slots == null ? m : slots.at(m);
    }

    /** 0/1 of the shape {@link #of} returns: 1 at each positive of a valid anchor. */
    public INDArray mask() {
        return mask;
    }

    /**
     * {@code target += values} spread back to {@code [B,M]}, in place: {@code values} has the shape {@link #of}
     * returns, its entries outside {@link #mask} 0 (an unused slot names its own anchor).
     *
     * @return {@code target}, or for slots a c-ordered copy of it where its entries were not laid out row by row (the
     *         slots' entries are written at their row-major positions in its buffer)
     */
    public INDArray addInto(INDArray target, INDArray values) {
        if (slots == null) {
            return target.addi(values);
        }
        return slots.addAt(Entries.isContiguous(target) ? target : target.dup('c'), values);
    }
}
