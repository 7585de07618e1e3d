package io.github.dl4jlosses.heads;

import lombok.AccessLevel;
import lombok.NoArgsConstructor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CosFace, the large-margin cosine head (Wang, Wang, Zhou, Ji, Gong, Zhou, Li, Liu, "CosFace: Large Margin Cosine
 * Loss for Deep Face Recognition", CVPR 2018; also Wang et al. 2018, "Additive Margin Softmax"): the target logit
 * is {@code s·(cos θ_y − m)}, so {@code φ(c) = c − m}, {@code φ'(c) = 1}; defaults s = 64, m = 0.35.
 * <pre>
 *   new CosFace.Builder().nOut(numClasses).scale(64).margin(0.35).build()
 * </pre>
 * See {@link MarginSoftmaxHead} for the loss and {@link CosineHead} for input, labels, output and gradients.
 */
@NoArgsConstructor(access = AccessLevel.PROTECTED) // for JSON deserialization
public class CosFace extends MarginSoftmaxHead {
    /** Default scale s (as in the CosFace paper). */
    public static final double DEFAULT_SCALE = 64;
    /** Default additive cosine margin m (as in the CosFace paper). */
    public static final double DEFAULT_MARGIN = 0.35;

    /**
     * A head with the builder's options.
     * @param builder the options
     */
    protected CosFace(Builder builder) {
        super(builder);
    }

    @Override
    void margin(INDArray c, INDArray phi, INDArray dphi) {
        phi.assign(c.sub(getMargin()));
        if (dphi != null) {
            dphi.assign(1.0);
        }
    }

    /** Builder of a {@link CosFace} head: defaults s = 64, m = 0.35. */
    public static class Builder extends MarginSoftmaxHead.Builder<Builder> {
        /** A builder with every option at its default. */
        public Builder() {
            super(DEFAULT_SCALE, DEFAULT_MARGIN);
        }

        @Override
        @SuppressWarnings("unchecked")
        public CosFace build() {
            return validated(new CosFace(this));
        }
    }
}
