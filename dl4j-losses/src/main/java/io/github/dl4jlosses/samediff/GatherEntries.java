package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.List;

/**
 * {@code out_ik = m[i, columns_ik]} (K entries picked from each row of {@code m [B,M]}; a column may repeat),
 * differentiated as a sum: each picked entry's gradient is added to its place of a zero {@code [B,M]} matrix.
 * <p>
 * Why: the mined twins take one distance per positive slot and one per chosen negative from the distance matrix. As
 * a one-hot {@code [B,S,M]} tensor times the matrix (a batched product) that took 1.6 ms forward and 1.9 ms backward
 * at 512×128 with three slots, and a masked row minimum's backprop ({@code reduce_min_bp} over {@code [B,S,M]} and the
 * broadcast addition's {@code add_bp} before it) another 3.5 ms. Here it is libnd4j's {@code gather_nd} forward and,
 * backward, its {@code unsorted_segment_sum} of the gradients by the picks' positions in the matrix read as one vector
 * (0.4–0.6 ms for 1,536 picks of a 512×512 matrix, against 1.6–2.3 ms for a locked {@code scatter_add} or
 * {@code scatter_nd_add}, which handle each update on its own; a {@code gather} of that vector took 0.7–0.8 ms where
 * {@code gather_nd} takes 0.1–0.2). ND4J 1.0.0-M2.1 has no {@code gather_nd} backprop, and SameDiff's {@code gather}
 * backprop writes a repeated pick's gradient instead of adding it (see {@link GatherRows}).
 * <p>
 * It runs libnd4j's {@code gather_nd} under a name of its own ({@link NativeUnderOwnName}), so that SameDiff keeps this
 * backprop when it clones the graph. A saved graph holding it loads once the name is known: {@link SharedTowerModel#load}
 * sees to it; before a {@code SameDiff.load} of your own, call {@link #register()}.
 */
public final class GatherEntries extends NativeUnderOwnName {
    static final String NAME = "dl4jlosses_gather_entries";
    private static final String NATIVE = "gather_nd";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        register(NAME, new GatherEntries());
    }

    /** For deserialization (SameDiff's op cloning). */
    public GatherEntries() {
        super(NATIVE);
    }

    private GatherEntries(SameDiff sd, SDVariable m, SDVariable indices) {
        super(NATIVE, sd, m, indices);
    }

    /**
     * {@code m[i, columns_ik]}: {@code [B,K]} of {@code m [B,M]} and {@code columns [B,K]} (any numeric type holding
     * exact column indices in {@code [0, M)}).
     */
    static SDVariable of(SameDiff sd, SDVariable m, SDVariable columns) {
        SDVariable cols = columns.castTo(DataType.INT64);
        SDVariable rows = sd.reshape(sd.range(sd.constant(0L), sd.sizeAt(cols, 0), sd.constant(1L), DataType.INT64),
                -1, 1);
        SDVariable rowOfEach = cols.mul(0L).add(rows);                                   // [B,K]: i
        return new GatherEntries(sd, m, sd.stack(2, rowOfEach, cols)).outputVariable();  // indices [B,K,2]
    }

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable m = arg(0);
        SDVariable indices = arg(1);                                                      // [B,K,2]: (i, column)
        // the picks' positions in m read as one vector, i·M + column
        SDVariable strides = sameDiff.concat(0, sameDiff.reshape(sameDiff.sizeAt(m, 1), 1),
                sameDiff.constant(Nd4j.createFromArray(1L)));
        SDVariable positions = sameDiff.reshape(indices.mul(strides).sum(false, 2), -1);
        SDVariable entries = new SegmentSum(sameDiff, sameDiff.reshape(gradients.get(0), -1), positions,
                sameDiff.prod(sameDiff.shape(m))).outputVariable();
        return List.of(sameDiff.reshape(entries, sameDiff.shape(m)), sameDiff.zerosLike(indices));
    }

    /**
     * libnd4j's {@code unsorted_segment_sum} with the number of segments as its third input (known when the graph
     * runs); ND4J's {@code UnsortedSegmentSum} constructor for that form prints an empty line.
     */
    private static final class SegmentSum extends DynamicCustomOp {
        SegmentSum(SameDiff sd, SDVariable data, SDVariable segments, SDVariable count) {
            super(null, sd, new SDVariable[]{data, segments, count}, false);
        }

        @Override
        public String opName() {
            return "unsorted_segment_sum";
        }

        @Override
        public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
            return Collections.singletonList(inputTypes.get(0));
        }
    }
}
