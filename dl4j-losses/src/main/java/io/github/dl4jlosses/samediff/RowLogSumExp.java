package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

/**
 * A row-wise log-sum-exp {@code [B,1]} of logits {@code t [B,M]}, computed by the caller's ops, whose backprop is one
 * product with the exponentials that computation already made: {@code ∂/∂t_ij = e_ij · g_i / s_i}, with
 * {@code e_ij = exp(t_ij − c_i)} (times a mask, if any; floored, if the caller floors) and {@code s_i = Σ_j e_ij} (plus
 * the extra term of a log-sum-exp with an extra 0 logit), whatever the shift {@code c}.
 * <p>
 * Why: SameDiff differentiates a log-sum-exp op by op. Its row sum's backprop broadcasts {@code g / s} over
 * {@code [B,M]}, {@code exp}'s computes the exponential of the whole matrix again (ND4J's {@code Exp.doDiff} is
 * {@code exp(x)·g}), a mask's product multiplies twice (a gradient for the mask as well) and a floor's scalar maximum
 * compares, casts and multiplies: four to six {@code [B,M]} passes, one of them an exponential, where the softmax
 * weights are already in memory. Here the caller's forward ops stay out of the gradient graph: the value and the row
 * sums enter {@linkplain SDMasks#withoutGradient without a gradient} and the exponentials as their bits (an integer
 * matrix, behind which SameDiff differentiates nothing), which the backprop turns back into numbers: two bit casts and
 * a product in place of those passes.
 * <p>
 * It runs libnd4j's {@code identity} under a name of its own ({@link NativeUnderOwnName}): the output is the first
 * input, the value; the other inputs only feed the backprop. A saved graph holding it loads once the name is known:
 * {@link SharedTowerModel#load} sees to it; before a {@code SameDiff.load} of your own, call {@link #register()}.
 */
public final class RowLogSumExp extends NativeUnderOwnName {
    static final String NAME = "dl4jlosses_row_log_sum_exp";
    private static final String NATIVE = "identity";

    static {
        register();
    }

    /**
     * Enters the op's name in ND4J's op-name table, so that SameDiff can recreate it from a serialized graph
     * (idempotent; done when this class is loaded).
     */
    public static void register() {
        register(NAME, new RowLogSumExp());
    }

    /** For deserialization (SameDiff's op cloning). */
    public RowLogSumExp() {
        super(NATIVE);
    }

    private RowLogSumExp(SameDiff sd, SDVariable value, SDVariable logits, SDVariable sums, SDVariable exponentialBits) {
        super(NATIVE, sd, value, logits, sums, exponentialBits);
    }

    /**
     * {@code value} ({@code [B,1]}, the log-sum-exp of {@code logits [B,M]} as the caller computed it) with the gradient
     * {@code exponentials · g / sums} for {@code logits}: {@code exponentials [B,M]} the terms the caller summed,
     * {@code sums [B,1]} the row sums its logarithm took. None of {@code value}, {@code exponentials} and {@code sums}
     * is back-propagated.
     */
    static SDVariable of(SameDiff sd, SDVariable logits, SDVariable exponentials, SDVariable sums, SDVariable value) {
        return new RowLogSumExp(sd, SDMasks.withoutGradient(sd, value), logits, SDMasks.withoutGradient(sd, sums),
                SDMasks.bitsOf(sd, exponentials)).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    /**
     * For the logits the exponentials, back from their bits, times {@code g / sums}; zeros for the value and the sums,
     * which SameDiff asks for (they are floating-point inputs) but computes only where they lie on a path to what is
     * differentiated, which they do not. Nothing for the bits: SameDiff assigns the gradients a doDiff returns to its
     * inputs in order and differentiates no integer variable.
     */
    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable logits = arg(1);
        DataType type = logits.dataType();
        SDVariable exponentials = SDMasks.fromBits(sameDiff, arg(3), type);
        SDVariable dLogits = exponentials.mul(gradients.get(0).div(arg(2)));
        return List.of(sameDiff.zerosLike(arg(0)), dLogits, sameDiff.zerosLike(arg(2)));
    }
}
