package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.ops.Precision;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/**
 * {@code ‖m_i‖ = √(Σ_k m[i,k]²)} of each row of {@code m} ({@code [B,D] → [B,1]}), in FLOAT or DOUBLE, whose gradient
 * is {@code m ⊙ g / max(‖m_i‖, √ν)} (ν the type's smallest normal number): the row-wise Euclidean distances of the tuple
 * and pair twins, {@code ‖x_i − y_i‖}.
 * <p>
 * Why not the root of {@link SquaredRowNorms}: that is three ops ({@code reduce_sqnorm}, adding ν so that the root's
 * gradient stays finite at 0, the root) and four in the backprop (the root's division and halving, the squared norm's
 * doubling and broadcast product); this is libnd4j's {@code reduce_norm2} and three ops back (the floor, a division, the
 * broadcast product), all but the last on {@code [B,1]}. Three ops fewer for each row-wise distance (12 of the 57 of a
 * multi-sample triplet twin with two positives and two negatives), with the same conventions: a zero row has the
 * subgradient 0 ({@code 0 ⊙ g/√ν}), and below √ν (10^−19 in FLOAT) the gradient is scaled down as the root of
 * {@code s + ν} scaled it; the value at 0 is 0 instead of √ν.
 * <p>
 * It runs libnd4j's {@code reduce_norm2} along the rows, keeping their dimension ({@link RowReduction}), under a name
 * of its own, so that SameDiff keeps this backprop when it clones the graph. A saved graph holding it loads once the
 * name is known: {@link SharedTowerModel#load} sees to it; before a {@code SameDiff.load} of your own, call {@link
 * #register()}.
 */
public final class RowNorms extends RowReduction {
    static final String NAME = "dl4jlosses_row_norms";
    private static final String NATIVE = "reduce_norm2";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        register(NAME, new RowNorms());
    }

    /** For deserialization (SameDiff's op cloning). */
    public RowNorms() {
        super(NATIVE);
    }

    private RowNorms(SameDiff sd, SDVariable m) {
        super(NATIVE, sd, m);
    }

    /** {@code ‖m_i‖} as {@code [B,1]}, for an {@code m} in FLOAT or DOUBLE (the floor of the gradient is the type's). */
    static SDVariable of(SameDiff sd, SDVariable m) {
        return new RowNorms(sd, m).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable norms = outputVariable();
        double floor = Math.sqrt(Precision.smallestNormal(norms.dataType()));
        return List.of(arg().mul(gradients.get(0).div(sameDiff.scalarMax(norms, floor))));
    }
}
