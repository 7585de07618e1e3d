package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/**
 * {@code x − c} for a shift {@code c} that takes no gradient (a log-sum-exp's row maximum, an offset of masked-out
 * entries), {@code c} broadcast to {@code x}'s shape ({@code [B,M]} minus {@code [B,1]} or {@code [B,M]}); the gradient
 * passes to {@code x} unchanged.
 * <p>
 * Why not {@code x.sub(c)}: SameDiff differentiates it with libnd4j's {@code subtract_bp}, which also computes the
 * gradient for {@code c} — a row reduction of the whole matrix, or its negation — that nothing uses: 0.17–0.24 ms per
 * {@code [512,512]} matrix on the 2-core machine, four of them in the circle twin (session 33). Here {@code x}'s
 * gradient is the incoming one.
 * <p>
 * It runs libnd4j's {@code subtract} under a name of its own ({@link NativeUnderOwnName}), so that SameDiff keeps this
 * backprop when it clones the graph. A saved graph holding it loads once the name is known: {@link SharedTowerModel#load}
 * sees to it; before a {@code SameDiff.load} of your own, call {@link #register()}.
 */
public final class ShiftedBy extends NativeUnderOwnName {
    static final String NAME = "dl4jlosses_shifted_by";
    private static final String NATIVE = "subtract";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        register(NAME, new ShiftedBy());
    }

    /** For deserialization (SameDiff's op cloning). */
    public ShiftedBy() {
        super(NATIVE);
    }

    private ShiftedBy(SameDiff sd, SDVariable x, SDVariable shift) {
        super(NATIVE, sd, x, shift);
    }

    /**
     * {@code x − shift}, {@code shift} broadcast to {@code x}'s shape and without a gradient: it must be one that does
     * not depend on what is differentiated, or be taken {@linkplain SDMasks#withoutGradient without a gradient}.
     */
    static SDVariable of(SameDiff sd, SDVariable x, SDVariable shift) {
        return new ShiftedBy(sd, x, shift).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    /**
     * For x (which has the output's shape) the incoming gradient, through an identity (as ND4J's own {@code Identity}
     * does; SameDiff's session passes its array on without a copy), since SameDiff renames the variable a backprop
     * returns after the input it is the gradient of. For the shift zeros, which SameDiff computes only where the shift
     * lies on a path to what is differentiated (it asks for a gradient of every such variable).
     */
    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return List.of(sameDiff.identity(gradients.get(0)), sameDiff.zerosLike(arg(1)));
    }
}
