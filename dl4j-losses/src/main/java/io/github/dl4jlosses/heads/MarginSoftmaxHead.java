package io.github.dl4jlosses.heads;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.Rows;
import lombok.AccessLevel;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.NoArgsConstructor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Margin-based softmax heads: cross-entropy over the logits {@code s·cos θ_j}, the target's logit replaced by
 * {@code s·φ(cos θ_y)} with a margin function φ ({@link ArcFace}, {@link CosFace}, {@link SubCenterArcFace}):
 * <pre>
 *   loss_i = −log( exp(s·φ(cos θ_{i,y_i})) / (exp(s·φ(cos θ_{i,y_i})) + Σ_{j≠y_i} exp(s·cos θ_{ij})) )
 * </pre>
 * computed as {@code logsumexp(z_i) − z_{i,y_i}} (shifted by the row maximum). Gradient:
 * {@code d loss_i / d cos_ij = s·(p_ij − y_ij)}, times {@code φ'(cos θ_{i,y_i})} in the target column, with
 * {@code p = softmax(z)}. With sub-centres, {@code cos θ_ij = max_k cos θ_ijk} and the gradient goes to the
 * arg-max sub-centre.
 */
@Getter
@EqualsAndHashCode(callSuper = true)
@NoArgsConstructor(access = AccessLevel.PROTECTED) // for JSON deserialization
public abstract class MarginSoftmaxHead extends CosineHead {
    /** The scale s (logits are {@code s·cos}). */
    @JsonProperty
    private double scale;
    /** The margin m (an angle for ArcFace, a cosine offset for CosFace). */
    @JsonProperty
    private double margin;

    /**
     * A head with the builder's options.
     * @param builder the options
     */
    protected MarginSoftmaxHead(Builder<?> builder) {
        super(builder);
        this.scale = builder.scale;
        this.margin = builder.margin;
    }

    @Override
    public void validate() {
        super.validate();
        require(scale > 0 && !Double.isInfinite(scale), "scale s to be a finite number > 0", scale);
        require(margin >= 0 && margin < Math.PI / 2, "margin m in [0, π/2)", margin);
    }

    /**
     * The target's margin function on the target cosines {@code c [B,1]}: writes φ(c) into {@code phi} and φ'(c)
     * into {@code dphi} (when not null). Both are {@code [B,1]} arrays of c's type.
     */
    abstract void margin(INDArray c, INDArray phi, INDArray dphi);

    @Override
    CosineTerms lossOnCosines(INDArray cos, INDArray targets, INDArray rowMask, boolean gradient) {
        int k = subCentres();
        long b = cos.size(0);
        long classes = targets.size(1);
        INDArray classCos = cos;
        INDArray pick = null;
        if (k > 1) {
            INDArray perCentre = cos.reshape('c', b * classes, k);
            classCos = perCentre.max(1).reshape(b, classes);
            if (gradient) {
                pick = HeadLabels.oneHot(Nd4j.argMax(perCentre, 1), k, cos.dataType());   // [B·C, K]
            }
        }
        INDArray targetCos = Rows.dot(classCos, targets);                       // [B,1]; 0 in masked rows
        INDArray phi = targetCos.like();
        INDArray dphi = gradient ? targetCos.like() : null;
        margin(targetCos, phi, dphi);
        // z = s·cos, the target column moved to s·φ (in place: the cosines are not needed afterwards)
        INDArray z = classCos.muli(scale);
        z.addi(Broadcast.mulColumn(targets, phi.sub(targetCos).muli(scale)));
        INDArray top = z.max(true, 1);
        INDArray e = Transforms.exp(Broadcast.subiColumn(z, top), false);      // exp(z − top), in place
        INDArray sum = Rows.sums(e);
        INDArray lse = Transforms.log(sum, true).addi(top);
        INDArray targetLogit = phi.mul(scale);
        INDArray perExample = lse.sub(targetLogit).muli(rowMask);
        if (!gradient) {
            return new CosineTerms(perExample, null);
        }
        // d/dcos_ij = s·(p_ij − y_ij)·mask_i, times φ'_i in the target column:
        //   = e_ij·(s·mask_i/Σ_i) + y_ij·c_i,   c_i = −s + s·(φ'_i − 1)·(p_i,y − 1),   p_i,y = exp(s·φ_i − lse_i)
        INDArray targetProb = Transforms.exp(targetLogit.subi(lse), false);
        INDArray column = dphi.subi(1.0).muli(targetProb.subi(1.0)).subi(1.0).muli(scale);
        INDArray g = Broadcast.muliColumn(e, rowMask.mul(scale).divi(sum));
        g.addi(Broadcast.mulColumn(targets, column));
        if (k > 1) {
            g = pick.muliColumnVector(g.reshape(b * classes, 1)).reshape(b, classes * k);
        }
        return new CosineTerms(perExample, g);
    }

    /** Builder of the scale and margin. */
    public abstract static class Builder<T extends Builder<T>> extends CosineHead.Builder<T> {
        private double scale;
        private double margin;

        /**
         * A builder starting from these defaults.
         * @param defaultScale the default scale s
         * @param defaultMargin the default margin m
         */
        protected Builder(double defaultScale, double defaultMargin) {
            this.scale = defaultScale;
            this.margin = defaultMargin;
        }

        /** The scale s (> 0). */
        public T scale(double scale) {
            this.scale = scale;
            return self();
        }

        /** The margin m, in {@code [0, π/2)}. */
        public T margin(double margin) {
            this.margin = margin;
            return self();
        }

        /** @return this builder, typed as the concrete builder */
        @SuppressWarnings("unchecked")
        protected T self() {
            return (T) this;
        }
    }
}
