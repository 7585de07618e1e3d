package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/**
 * {@code x ⊙ w} for weights {@code w} that take no gradient (a mask made from labels, circle loss's detached weights),
 * broadcast to {@code x}'s shape; the gradient for x is {@code g ⊙ w}.
 * <p>
 * Why not {@code x.mul(w)}: SameDiff differentiates it with libnd4j's {@code multiply_bp}, which also computes the
 * gradient for {@code w}, {@code g ⊙ x}, a {@code [B,B]} product that nothing uses, and allocates it.
 * <p>
 * It runs libnd4j's {@code multiply} under a name of its own ({@link NativeUnderOwnName}), so that SameDiff keeps this
 * backprop when it clones the graph. A saved graph holding it loads once the name is known: {@link SharedTowerModel#load}
 * sees to it; before a {@code SameDiff.load} of your own, call {@link #register()}.
 */
public final class WeightedBy extends NativeUnderOwnName {
    static final String NAME = "dl4jlosses_weighted_by";
    private static final String NATIVE = "multiply";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        register(NAME, new WeightedBy());
    }

    /** For deserialization (SameDiff's op cloning). */
    public WeightedBy() {
        super(NATIVE);
    }

    private WeightedBy(SameDiff sd, SDVariable x, SDVariable weights) {
        super(NATIVE, sd, x, weights);
    }

    /**
     * {@code x ⊙ weights}, the weights broadcast to {@code x}'s shape and without a gradient: they must not depend on
     * what is differentiated, or be taken {@linkplain SDMasks#withoutGradient without a gradient}.
     */
    static SDVariable of(SameDiff sd, SDVariable x, SDVariable weights) {
        return new WeightedBy(sd, x, weights).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    /**
     * For x the incoming gradient times the weights; for the weights zeros, which SameDiff computes only where they lie
     * on a path to what is differentiated (it asks for a gradient of every floating-point input).
     */
    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return List.of(gradients.get(0).mul(arg(1)), sameDiff.zerosLike(arg(1)));
    }
}
