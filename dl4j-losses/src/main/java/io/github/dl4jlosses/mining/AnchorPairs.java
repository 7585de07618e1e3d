package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every positive and every negative pair of the anchors that have both, for losses that weigh all pairs of
 * an anchor (circle, supervised contrastive, lifted structure): {@code [B,B]} 0/1 masks of the positives
 * (same class, not the row itself) and negatives (other class) of each <em>valid</em> anchor — one with at
 * least one positive and one negative — with the rows of the other anchors cleared, the {@code [B,1]} column
 * of valid anchors and their number.
 * <p>
 * A loss averaged over valid anchors scales each valid row by {@link #meanScale()} ({@code B/|valid|}), so
 * that the mean over all B rows is the mean over valid anchors (DL4J's normalisation contract).
 */
public final class AnchorPairs {
    /** {@code [B,M]}: positives of valid anchors. */
    public final INDArray positives;
    /** {@code [B,M]}: negatives of valid anchors. */
    public final INDArray negatives;
    /** {@code [B,1]}: 1 for an anchor with a positive and a negative, else 0. */
    public final INDArray valid;
    /** {@code [B,1]}: the number of positives of each valid anchor (0 for the others), the row sums of {@link #positives}. */
    public final INDArray positiveCounts;
    /** Number of valid anchors. */
    public final long anchors;
    /** The batch's candidate positives as slots; null where only the masks are known. */
    private final PositiveSlots slots;
    private PositiveEntries positiveEntries;

    private AnchorPairs(INDArray positives, INDArray negatives, INDArray valid, INDArray positiveCounts,
                        long anchors, PositiveSlots slots) {
        this.positives = positives;
        this.negatives = negatives;
        this.valid = valid;
        this.positiveCounts = positiveCounts;
        this.anchors = anchors;
        this.slots = slots;
    }

    /** The pairs of a batch with class ids {@code [B,1]}, masks in data type {@code type}. */
    public static AnchorPairs of(INDArray ids, DataType type) {
        INDArray same = ClassLabels.sameClass(ids, type);
        return of(ClassLabels.positives(same), ClassLabels.negatives(same));
    }

    /**
     * The pairs of {@code [B,M]} 0/1 masks of candidate (or mined) positives and negatives (not modified; when every
     * anchor is valid, {@link #positives} and {@link #negatives} are these masks themselves, see
     * {@link Selection#keepRows}).
     */
    public static AnchorPairs of(INDArray positives, INDArray negatives) {
        INDArray counts = Rows.sums(positives);
        INDArray valid = counts.gt(0.0).castTo(positives.dataType()).muli(Selection.rowHasAny(negatives));
        long anchors = valid.sumNumber().longValue();
        return new AnchorPairs(Selection.keepRows(positives, valid, anchors),
                Selection.keepRows(negatives, valid, anchors), valid, counts.muli(valid), anchors, null);
    }

    /**
     * The pairs of {@code batch}'s candidate masks, as {@link #of(INDArray, INDArray)} gives them, with the anchors'
     * counts taken from the batch's slot table ({@link LabelledDistances#positiveSlots}, from the class ids) instead
     * of the masks: query i has n positives and {@code M − n − 1} negatives (reference i is query i). A count on the
     * host replaces two row sums over {@code [B,M]} (~0.2 ms each at {@code [512,512]} FLOAT on the build machines).
     */
    public static AnchorPairs ofBatch(LabelledDistances batch) {
        PositiveSlots slots = batch.positiveSlots();
        int[] positives = slots.counts();
        int b = positives.length;
        double[] valid = new double[b];
        double[] counts = new double[b];
        long anchors = 0;
        for (int i = 0; i < b; i++) {
            if (positives[i] > 0 && positives[i] + 1 < slots.width) {
                valid[i] = 1;
                counts[i] = positives[i];
                anchors++;
            }
        }
        DataType type = batch.dataType();
        INDArray validColumn = HostValues.column(valid, type);
        return new AnchorPairs(Selection.keepRows(batch.positives, validColumn, anchors),
                Selection.keepRows(batch.negatives, validColumn, anchors), validColumn,
                HostValues.column(counts, type), anchors, slots);
    }

    /**
     * The positives of the valid anchors as a loss reads them ({@link PositiveEntries}): a slot table where the pairs
     * came from the class ids and every anchor has few positives, else {@link #positives}.
     */
    public PositiveEntries positiveEntries() {
        if (positiveEntries == null) {
            positiveEntries = PositiveEntries.of(this, slots);
        }
        return positiveEntries;
    }

    /** {@code B / |valid|} (0 when no anchor is valid). */
    public double meanScale() {
        return anchors == 0 ? 0.0 : (double) valid.length() / anchors;
    }
}
