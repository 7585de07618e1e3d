package io.github.dl4jlosses.heads;

import lombok.AccessLevel;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.NoArgsConstructor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * ArcFace, the additive angular margin head (Deng, Guo, Xue, Zafeiriou, "ArcFace: Additive Angular Margin Loss
 * for Deep Face Recognition", CVPR 2019): the target logit is {@code s·cos(θ_y + m)}, defaults s = 64, m = 0.5.
 * <p>
 * With {@code c = cos θ_y} and {@code sin θ_y = sqrt(1 − c²)}: {@code φ(c) = c·cos m − sin θ_y·sin m}. Where
 * {@code θ_y + m} would pass π, {@code cos(θ + m)} stops decreasing in θ, so the paper's code falls back:
 * <ul>
 *   <li>default: {@code φ(c) = c − m·sin m} where {@code c ≤ cos(π − m)} (the "θ + m > π" fallback, a linear
 *   continuation that keeps the margin penalty);</li>
 *   <li>{@link Builder#easyMargin(boolean) easy margin}: {@code φ(c) = c} where {@code c ≤ 0} (no margin beyond
 *   θ = π/2).</li>
 * </ul>
 * {@code φ'(c) = cos m + sin m · c / sin θ_y} (1 in the fallback); {@code 1 − c²} is clamped at
 * {@value #SIN_EPS} so that a perfectly aligned embedding ({@code c = 1}) has a finite gradient.
 * Reference code: insightface {@code ArcMarginProduct}; pytorch-metric-learning {@code ArcFaceLoss}.
 * <pre>
 *   new ArcFace.Builder().nOut(numClasses).scale(64).margin(0.5).build()   // nIn from the input type
 * </pre>
 * See {@link CosineHead} for the layer's input, labels, output and gradients.
 */
@EqualsAndHashCode(callSuper = true)
@NoArgsConstructor(access = AccessLevel.PROTECTED) // for JSON deserialization
public class ArcFace extends MarginSoftmaxHead {
    /** Clamp of {@code 1 − cos²} below which {@code sin θ} is treated as constant. */
    public static final double SIN_EPS = 1e-12;
    /** Default scale s (as in the ArcFace paper). */
    public static final double DEFAULT_SCALE = 64;
    /** Default angular margin m in radians (as in the ArcFace paper). */
    public static final double DEFAULT_MARGIN = 0.5;

    /** Whether the easy-margin variant is used. */
    @Getter
    @JsonProperty
    private boolean easyMargin;

    /**
     * A head with the builder's options.
     * @param builder the options
     */
    protected ArcFace(AbstractBuilder<?> builder) {
        super(builder);
        this.easyMargin = builder.easyMargin;
    }

    @Override
    void margin(INDArray c, INDArray phi, INDArray dphi) {
        arcMargin(c, getMargin(), easyMargin, phi, dphi);
    }

    /** φ and φ' of ArcFace's target logit (see the class comment), element-wise on {@code c}. */
    static void arcMargin(INDArray c, double m, boolean easyMargin, INDArray phi, INDArray dphi) {
        double cosM = Math.cos(m);
        double sinM = Math.sin(m);
        INDArray oneMinusSq = c.mul(c).rsubi(1.0);
        INDArray sin = Transforms.sqrt(Transforms.max(oneMinusSq, SIN_EPS, true), false);
        INDArray withMargin = c.mul(cosM).subi(sin.mul(sinM));
        double threshold = easyMargin ? 0.0 : Math.cos(Math.PI - m);
        INDArray inside = c.gt(threshold).castTo(c.dataType());
        INDArray outside = inside.rsub(1.0);
        INDArray fallback = easyMargin ? c : c.sub(m * Math.sin(Math.PI - m));
        phi.assign(withMargin.muli(inside).addi(fallback.mul(outside)));
        if (dphi != null) {
            INDArray unclamped = oneMinusSq.gt(SIN_EPS).castTo(c.dataType());
            INDArray slope = c.div(sin).muli(unclamped).muli(sinM).addi(cosM);
            dphi.assign(slope.muli(inside).addi(outside));
        }
    }

    /** Builder of an {@link ArcFace} head: defaults s = 64, m = 0.5, no easy margin. */
    public static class Builder extends AbstractBuilder<Builder> {
        /** A builder with every option at its default. */
        public Builder() {
            super(DEFAULT_SCALE, DEFAULT_MARGIN);
        }

        @Override
        @SuppressWarnings("unchecked")
        public ArcFace build() {
            return validated(new ArcFace(this));
        }
    }

    /** The options of ArcFace and its sub-centre variant. */
    public abstract static class AbstractBuilder<T extends AbstractBuilder<T>> extends MarginSoftmaxHead.Builder<T> {
        private boolean easyMargin;

        /**
         * A builder starting from these defaults.
         * @param defaultScale the default scale s
         * @param defaultMargin the default margin m
         */
        protected AbstractBuilder(double defaultScale, double defaultMargin) {
            super(defaultScale, defaultMargin);
        }

        /** Easy margin: no margin where {@code cos θ_y ≤ 0} (instead of the θ + m > π fallback). */
        public T easyMargin(boolean easyMargin) {
            this.easyMargin = easyMargin;
            return self();
        }
    }
}
