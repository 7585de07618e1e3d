package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.List;

/**
 * {@code √q} of a positive {@code q}, differentiated from its own output: {@code dq = g / (2√q)}.
 * <p>
 * Why not {@code sd.math().sqrt}: SameDiff differentiates it as {@code 0.5 · q^−0.5 · g}, a second power of the whole
 * matrix (libnd4j's {@code pow}, 0.5–1.2 ms for a 512×512 distance matrix on the 2-core machine) and two products,
 * where the root it already has gives the gradient in a division and a product (0.07 ms each). The forward pass is
 * libnd4j's broadcasting {@code Pow} with the exponent ½ (as fast as its {@code sqrt} there, 0.53 against 0.59 ms).
 * <p>
 * It runs libnd4j's {@code Pow} under a name of its own ({@link NativeUnderOwnName}), so that SameDiff keeps this
 * backprop when it clones the graph. A saved graph holding it loads once the name is known: {@link SharedTowerModel#load}
 * sees to it; before a {@code SameDiff.load} of your own, call {@link #register()}.
 */
public final class Root extends NativeUnderOwnName {
    static final String NAME = "dl4jlosses_root";
    private static final String NATIVE = "Pow";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        register(NAME, new Root());
    }

    /** For deserialization (SameDiff's op cloning). */
    public Root() {
        super(NATIVE);
    }

    private Root(SameDiff sd, SDVariable q, SDVariable half) {
        super(NATIVE, sd, q, half);
    }

    /** {@code √q}, element-wise, of a {@code q} whose entries are all positive (the gradient divides by the root). */
    static SDVariable of(SameDiff sd, SDVariable q) {
        return new Root(sd, q, sd.constant(Nd4j.scalar(q.dataType(), 0.5))).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    /** One gradient, for q: the exponent is a constant. */
    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return Collections.singletonList(gradients.get(0).div(outputVariable()).mul(0.5));
    }
}
