package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.Collections;
import java.util.List;

/**
 * {@code out_k = x[index_k]} (rows of {@code x [N,D]} picked by an integer {@code index [K]}; an index may repeat),
 * differentiated as a sum: {@code dx_j = Σ_{k: index_k = j} dout_k}.
 * <p>
 * Why not {@code sd.gather}: in ND4J 1.0.0-M2.1 its backprop writes each picked row's gradient into place instead of
 * adding it (a row picked twice gets one update; later DL4J versions have a native {@code gather_bp}), and its
 * axis-1 backprop fails on a 2-D input. This op runs libnd4j's {@code gather} forward and libnd4j's locked
 * {@code scatter_add} backward ({@code [K,D]} work each, no {@code [K,N]} one-hot and no GEMM).
 * <p>
 * SameDiff builds a gradient graph by cloning every op through its serialized form and finds the op's class again
 * by its name; under {@code gather}'s name it would find {@code Gather} and its backprop. So the op has a name of its
 * own, entered in ND4J's op-name table (which SameDiff reads when it recreates ops from their serialized form) when
 * this class is loaded, and executes under {@code gather}'s native descriptor.
 * <p>
 * A saved graph that contains the op ({@code SameDiff.save} of a graph built with the generalized or batch-hard
 * triplet twins' functions) loads once the name is known: {@link SharedTowerModel#load} sees to it; before a
 * {@code SameDiff.load} of your own, call {@link #register()}.
 */
public final class GatherRows extends NativeUnderOwnName {
    static final String NAME = "dl4jlosses_gather_rows";
    private static final String NATIVE = "gather";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        register(NAME, new GatherRows());
    }

    /** For deserialization (SameDiff's op cloning). */
    public GatherRows() {
        super(NATIVE);
    }

    private GatherRows(SameDiff sd, SDVariable x, SDVariable index) {
        super(NATIVE, sd, x, index);
        addIArgument(0);                       // the axis
    }

    /** The rows of {@code x [N,D]} at {@code index} (an integer vector {@code [K]}): {@code [K,D]}. */
    static SDVariable of(SameDiff sd, SDVariable x, SDVariable index) {
        return new GatherRows(sd, x, index).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable x = arg(0);
        SDVariable index = arg(1);
        SDVariable dx = new LockedScatterAdd(sameDiff, sameDiff.zerosLike(x), index, gradients.get(0)).outputVariable();
        return List.of(dx, sameDiff.zerosLike(index));
    }

    /**
     * libnd4j's {@code scatter_add} into a copy of its first input, with its lock on, so that updates of a repeated
     * row are added one after the other (without it libnd4j may apply updates on several threads at once). ND4J's
     * {@code ScatterAdd} passes no lock flag. Half the time of {@code unsorted_segment_sum}, which does the same sum (0.65 against
     * 1.0–1.3 ms at 512×128, 1.9–2.4 against 3.9–7.9 ms at 1024×512, one thread).
     */
    private static final class LockedScatterAdd extends DynamicCustomOp {
        LockedScatterAdd(SameDiff sd, SDVariable target, SDVariable index, SDVariable updates) {
            super(null, sd, new SDVariable[]{target, index, updates}, false);
            addBArgument(true, false);            // lock; no index check (the picks come from argmin/argmax over x's rows)
        }

        @Override
        public String opName() {
            return "scatter_add";
        }

        @Override
        public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
            return Collections.singletonList(inputTypes.get(0));
        }
    }
}
