package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Collections;
import java.util.List;

/**
 * {@code out = a · x xᵀ} ({@code x [B,D]}, {@code out [B,B]}, a a constant), differentiated as a product of one
 * matrix with itself: {@code dx = a · (G + Gᵀ) x}.
 * <p>
 * Why not {@code sd.mmul(x, x, false, true, false)}: SameDiff differentiates that as a product of two matrices, one
 * {@code matmul_bp} computing {@code G x} and {@code Gᵀ x} as two products (1.6–1.8 ms at [512,128] on the 2-core
 * machine, where the forward product takes 0.7 ms), and adds them. Here the gradient is one product of the symmetrised
 * {@code G}. The forward pass is libnd4j's {@code matmul} of {@code x} with itself transposed, its scale {@code a}
 * passed as the product's alpha (so a factor like the squared Euclidean matrix's −2 costs no pass over the matrix).
 * <p>
 * It runs libnd4j's {@code matmul} under a name of its own ({@link NativeUnderOwnName}), so that SameDiff keeps this
 * backprop when it clones the graph. A saved graph holding it loads once the name is known: {@link SharedTowerModel#load}
 * sees to it; before a {@code SameDiff.load} of your own, call {@link #register()}.
 */
public final class SelfProduct extends NativeUnderOwnName {
    static final String NAME = "dl4jlosses_self_product";
    private static final String NATIVE = "matmul";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        register(NAME, new SelfProduct());
    }

    /** For deserialization (SameDiff's op cloning). */
    public SelfProduct() {
        super(NATIVE);
    }

    private SelfProduct(SameDiff sd, SDVariable x, double scale) {
        super(NATIVE, sd, x, x);
        addIArgument(0, 1, 0);                 // x times the transpose of x; the output not transposed
        addTArgument(scale, 0.0);              // alpha (the scale), beta (no output to add to)
    }

    /** {@code scale · x xᵀ} of {@code x [B,D]}: {@code [B,B]}. */
    static SDVariable of(SameDiff sd, SDVariable x, double scale) {
        return new SelfProduct(sd, x, scale).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    /**
     * One gradient for x, though x is both inputs: SameDiff assigns the gradients a doDiff returns to its inputs in
     * order and adds nothing for inputs beyond them.
     */
    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable g = gradients.get(0);
        SDVariable x = arg(0);
        SDVariable dx = sameDiff.mmul(g.add(sameDiff.transpose(g)), x);
        double scale = tArguments.get(0);
        return Collections.singletonList(scale == 1.0 ? dx : dx.mul(scale));
    }
}
