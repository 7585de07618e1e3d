package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.Entries;
import io.github.dl4jlosses.ops.HostValues;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The positives of each anchor of a labelled batch laid out as a {@code [B, S]} table of "slots"
 * ({@code S} = largest number of positives of an anchor, {@code K − 1} in a P×K batch): slot {@code s} of
 * anchor {@code a} holds the row index of its {@code s}-th positive, or {@code a} itself, marked invalid,
 * where {@code a} has fewer positives. A mined triplet loss then works on {@code [B, slots, B]} blocks
 * (anchor × positive slot × candidate negative): {@code O(B·S·B)} work and, per block, bounded memory, with
 * plain broadcasts and reductions, where enumerating every (anchor, column) pair would cost {@code O(B³)}.
 * <p>
 * Building the table is index bookkeeping over the B class ids (a hash of classes to rows); every
 * floating-point step runs as ND4J ops. (ND4J 1.0.0-M2.1's {@code where_np}, {@code cumsum} and
 * {@code unsorted_segment_sum} would do the bookkeeping on the native side, but each call leaks native
 * memory outside workspaces, which {@code WorkspaceMemoryTest} catches.)
 */
public final class PositiveSlots {
    /** Batch size B (number of anchors). */
    public final int batch;
    /** Number M of reference rows the indices point into ({@code B} within one batch). */
    public final int width;
    /** Number of slots S in this table (or slice of it). */
    public final int slots;
    private final int[] index;     // [B * S], row-major: anchor a, slot s at a * S + s
    private final float[] valid;   // [B * S]: 1 where the slot holds a positive

    private PositiveSlots(int batch, int width, int slots, int[] index, float[] valid) {
        this.batch = batch;
        this.width = width;
        this.slots = slots;
        this.index = index;
        this.valid = valid;
    }

    /** The slots of a batch with the given class ids ({@code [B,1]} or {@code [B]}, exact integers). */
    public static PositiveSlots of(INDArray classIds) {
        return of(classIds, classIds);
    }

    /**
     * The slots of B anchors among M reference rows that begin with the anchors themselves (see
     * {@link LabelledDistances}): the positives of anchor a are the references of its class other than a.
     */
    public static PositiveSlots of(INDArray queryIds, INDArray referenceIds) {
        double[] ids = HostValues.doubles(queryIds);
        double[] refs = referenceIds == queryIds ? ids : HostValues.doubles(referenceIds);
        int b = ids.length;
        Map<Double, List<Integer>> rowsOfClass = ClassLabels.rowsByClass(refs);
        int s = 0;
        for (double id : ids) {
            List<Integer> rows = rowsOfClass.get(ClassLabels.classKey(id));
            s = Math.max(s, rows == null ? 0 : rows.size() - 1);
        }
        int[] index = new int[b * s];
        float[] valid = new float[b * s];
        for (int a = 0; a < b; a++) {
            int slot = 0;
            for (int p : rowsOfClass.getOrDefault(ClassLabels.classKey(ids[a]), List.of())) {
                if (p != a) {
                    index[a * s + slot] = p;
                    valid[a * s + slot] = 1;
                    slot++;
                }
            }
            for (; slot < s; slot++) {
                index[a * s + slot] = a;
            }
        }
        return new PositiveSlots(b, refs.length, s, index, valid);
    }

    /**
     * The slots of the 1 entries of a 0/1 mask {@code [B,M]} (e.g. the positives a miner kept): S is the largest
     * number of ones in a row. Reads the mask once (index bookkeeping over B·M numbers).
     */
    public static PositiveSlots ofMask(INDArray mask) {
        int b = (int) mask.rows();
        int m = (int) mask.columns();
        float[] v = HostValues.floats(mask.castTo(DataType.FLOAT));   // row-major: (a, j) at a·m + j
        int s = 0;
        for (int a = 0; a < b; a++) {
            int ones = 0;
            for (int j = 0; j < m; j++) {
                if (v[a * m + j] != 0) ones++;
            }
            s = Math.max(s, ones);
        }
        int[] index = new int[b * s];
        float[] valid = new float[b * s];
        for (int a = 0; a < b; a++) {
            int slot = 0;
            for (int j = 0; j < m; j++) {
                if (v[a * m + j] != 0) {
                    index[a * s + slot] = j;
                    valid[a * s + slot] = 1;
                    slot++;
                }
            }
            for (; slot < s; slot++) {
                index[a * s + slot] = Math.min(a, m - 1);
            }
        }
        return new PositiveSlots(b, m, s, index, valid);
    }

    /** Slots {@code from} (inclusive) to {@code to} (exclusive) of every anchor. */
    public PositiveSlots slice(int from, int to) {
        int w = to - from;
        int[] idx = new int[batch * w];
        float[] ok = new float[batch * w];
        for (int a = 0; a < batch; a++) {
            System.arraycopy(index, a * slots + from, idx, a * w, w);
            System.arraycopy(valid, a * slots + from, ok, a * w, w);
        }
        return new PositiveSlots(batch, width, w, idx, ok);
    }

    /** The number of positives of each anchor (its slots that hold one), counted on the host. */
    public int[] counts() {
        int[] counts = new int[batch];
        for (int k = 0; k < valid.length; k++) {
            if (valid[k] != 0) {
                counts[k / slots]++;
            }
        }
        return counts;
    }

    /** Whether any slot holds a positive. */
    public boolean any() {
        for (float v : valid) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code [B, S]}: 1 where the slot holds a positive, else 0. */
    public INDArray valid(DataType type) {
        return Nd4j.createFromArray(valid).reshape(batch, slots).castTo(type);
    }

    /** {@code [B, S]}: the positive's row index (a number of the given type). */
    public INDArray index(DataType type) {
        return Nd4j.createFromArray(index).reshape(batch, slots).castTo(type);
    }

    /** {@code m[a, slot(a, s)]} of a {@code [B,M]} matrix: {@code [B, S]} (one gather of B·S entries). */
    public INDArray at(INDArray m) {
        return Entries.atFlat(m, flatPositions(), batch, slots);
    }

    /**
     * {@code m[a, slot(a, s)] += values[a, s]} for every anchor and slot of this table, in place ({@code m} {@code [B,M]},
     * c-ordered with its default strides; {@code values} {@code [B, S]}), repeats added in turn (an invalid slot names
     * its anchor): the inverse of {@link #at}. B·S entries written ({@link Entries#addAtFlat}), where a one-hot
     * {@code [B, S, M]} block and a sum over S took five passes over B·S·M entries.
     *
     * @return {@code m}
     */
    public INDArray addAt(INDArray m, INDArray values) {
        if (m.rows() != batch || m.columns() != width) {
            throw new IllegalArgumentException(String.format("PositiveSlots.addAt: expected a [%d, %d] array, got %s",
                    batch, width, Arrays.toString(m.shape())));
        }
        return Entries.addAtFlat(m, flatPositions(), values);
    }

    /** Row-major flat position in a {@code [B, M]} matrix of every (anchor, slot), anchor by anchor. */
    private int[] flatPositions() {
        int[] flat = new int[index.length];
        for (int k = 0; k < flat.length; k++) {
            flat[k] = (k / slots) * width + index[k];
        }
        return flat;
    }

    /** Columns {@code from..to} of a {@code [B, S]} array, as a view. */
    public static INDArray columns(INDArray m, long from, long to) {
        return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }
}
