package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/**
 * {@code ‖m_i‖² = Σ_k m[i,k]²} of each row of {@code m} ({@code [B,D] → [B,1]}), whose gradient is {@code 2·g ⊙ m}
 * (the row's {@code g} broadcast along it): the squared distances and norms of every twin.
 * <p>
 * Why not {@code rowSums(m ⊙ m)}: SameDiff differentiates that with the row sum's broadcast back to {@code [B,D]}
 * ({@code reduce_sum_bp} or a matrix product's backprop), {@code multiply_bp}, which computes {@code g ⊙ m} once for each
 * factor, and their sum: three {@code [B,D]} passes and three arrays, where this op's backprop is one broadcast product
 * (and a {@code [B,1]} scaling); its forward is one op (libnd4j's {@code reduce_sqnorm}) instead of a product and a
 * reduction.
 * <p>
 * It runs libnd4j's {@code reduce_sqnorm} along the rows, keeping their dimension ({@link RowReduction}), under a name
 * of its own, so that SameDiff keeps this backprop when it clones the graph. A saved graph holding it loads once the
 * name is known: {@link SharedTowerModel#load} sees to it; before a {@code SameDiff.load} of your own, call {@link
 * #register()}.
 */
public final class SquaredRowNorms extends RowReduction {
    static final String NAME = "dl4jlosses_squared_row_norms";
    private static final String NATIVE = "reduce_sqnorm";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        register(NAME, new SquaredRowNorms());
    }

    /** For deserialization (SameDiff's op cloning). */
    public SquaredRowNorms() {
        super(NATIVE);
    }

    private SquaredRowNorms(SameDiff sd, SDVariable m) {
        super(NATIVE, sd, m);
    }

    /** {@code Σ_k m[i,k]²} as {@code [B,1]}. */
    static SDVariable of(SameDiff sd, SDVariable m) {
        return new SquaredRowNorms(sd, m).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return List.of(arg().mul(gradients.get(0).mul(2.0)));
    }
}
