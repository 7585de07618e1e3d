package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Arrays;
import java.util.List;

/**
 * {@code x − y} of two variables of one shape (the {@code [B,D]} rows of a row-wise distance), whose gradient is the
 * incoming one for {@code x} and its negation for {@code y}.
 * <p>
 * Why not {@code x.sub(y)}: SameDiff differentiates it with libnd4j's {@code subtract_bp}, which writes both gradients,
 * x's a copy of the incoming one; here x's passes on through an identity (no array: a replayed {@link GraphPlan} and
 * SameDiff's session hand the incoming array on), so each row-wise distance of a twin takes one {@code [B,D]} pass and
 * array fewer in its backprop (four in a multi-sample triplet with two positives and two negatives, two in a triplet,
 * one in contrastive).
 * <p>
 * It runs libnd4j's {@code subtract} under a name of its own ({@link NativeUnderOwnName}), so that SameDiff keeps this
 * backprop when it clones the graph. A saved graph holding it loads once the name is known: {@link SharedTowerModel#load}
 * sees to it; before a {@code SameDiff.load} of your own, call {@link #register()}.
 */
public final class Difference extends NativeUnderOwnName {
    static final String NAME = "dl4jlosses_difference";
    private static final String NATIVE = "subtract";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        register(NAME, new Difference());
    }

    /** For deserialization (SameDiff's op cloning). */
    public Difference() {
        super(NATIVE);
    }

    private Difference(SameDiff sd, SDVariable x, SDVariable y) {
        super(NATIVE, sd, x, y);
    }

    /**
     * {@code x − y} for two variables fed with arrays of one shape. Where their shapes are given and differ (a broadcast,
     * such as {@code [-1,D]} against {@code [1,D]}), SameDiff's own subtraction, whose backprop reduces each gradient to
     * its input's shape.
     */
    static SDVariable of(SameDiff sd, SDVariable x, SDVariable y) {
        long[] xs = x.getShape();
        long[] ys = y.getShape();
        boolean broadcast = xs != null && ys != null && !Arrays.equals(xs, ys);
        return broadcast ? x.sub(y) : new Difference(sd, x, y).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    /**
     * For x the incoming gradient, through an identity (as in {@link ShiftedBy}: SameDiff renames the variable a backprop
     * returns after the input it is the gradient of); for y its negation.
     */
    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable g = gradients.get(0);
        return List.of(sameDiff.identity(g), sameDiff.math().neg(g));
    }
}
