package io.github.dl4jlosses.heads;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.Rows;
import lombok.AccessLevel;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.NoArgsConstructor;
import lombok.Setter;
import lombok.experimental.Accessors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Proxy-Anchor (Kim, Kim, Cho, Kwak, "Proxy Anchor Loss for Deep Metric Learning", CVPR 2020): one learnable proxy
 * per class (the class weights), each proxy an anchor over the whole batch. With {@code s(x,p)} the cosine
 * similarity, {@code P⁺} the proxies with at least one positive in the batch, {@code X_p⁺} / {@code X_p⁻} the
 * embeddings of / not of class p:
 * <pre>
 *   L = 1/|P⁺| Σ_{p∈P⁺} log(1 + Σ_{x∈X_p⁺} exp(−α(s(x,p) − δ)))  +  1/C Σ_{p} log(1 + Σ_{x∈X_p⁻} exp(α(s(x,p) + δ)))
 * </pre>
 * defaults α = 32, δ = 0.1 (the paper's). Each {@code log(1 + Σ exp)} is computed shifted by
 * {@code max(0, max z)}; the gradient w.r.t. {@code s(x,p)} is {@code −α/|P⁺| · e⁺_xp/(1 + S⁺_p)} and
 * {@code α/C · e⁻_xp/(1 + S⁻_p)}. No row of the batch is left without a proxy: {@code L} is a batch loss, so
 * {@link HeadResult#perExample()} spreads each proxy's term over its member rows in proportion to their
 * {@code exp} terms (the rows' shares of {@code Σ_x exp}); the per-example values average to {@code L}.
 * <p>
 * <b>Proxy learning rate.</b> The paper trains proxies with a learning rate 100× the network's. The proxies are
 * this layer's only parameters, so give the layer its own updater:
 * <pre>
 *   new ProxyAnchor.Builder().nOut(numClasses).updater(new Adam(1e-2)).build()   // the network: Adam(1e-4)
 * </pre>
 * A batch without any unmasked row scores 0 with a zero gradient.
 */
@Getter
@EqualsAndHashCode(callSuper = true)
@NoArgsConstructor(access = AccessLevel.PROTECTED) // for JSON deserialization
public class ProxyAnchor extends CosineHead {
    /** Default scale alpha (as in the Proxy-Anchor paper). */
    public static final double DEFAULT_ALPHA = 32;
    /** Default margin delta (as in the Proxy-Anchor paper). */
    public static final double DEFAULT_DELTA = 0.1;

    /** The scale alpha. */
    @JsonProperty
    private double alpha;
    /** The margin delta. */
    @JsonProperty
    private double delta;

    /**
     * A head with the builder's options.
     * @param builder the options
     */
    protected ProxyAnchor(Builder builder) {
        super(builder);
        this.alpha = builder.alpha;
        this.delta = builder.delta;
    }

    @Override
    public void validate() {
        super.validate();
        require(alpha > 0 && !Double.isInfinite(alpha), "alpha to be a finite number > 0", alpha);
        require(delta >= 0 && !Double.isInfinite(delta), "delta to be a finite number >= 0", delta);
    }

    @Override
    CosineTerms lossOnCosines(INDArray cos, INDArray targets, INDArray rowMask, boolean gradient) {
        // Either side's logits lie in [−α(1−δ), α(1+δ)]: shifted by one top per side, every exp term stays a normal
        // number when the spread 2α(1+δ) fits the type's exponent range (α = 32: 70 < 80 in FLOAT).
        if (2 * alpha * (1 + delta) <= exponentRange(cos.dataType())) {
            return lossWithOneShift(cos, targets, rowMask, gradient);
        }
        return lossWithShiftPerProxy(cos, targets, rowMask, gradient);
    }

    /** How far below the top an exp term may be and stay a normal number (with room for a sum of B terms). */
    private static double exponentRange(DataType type) {
        return type == DataType.DOUBLE ? 700 : type == DataType.FLOAT ? 80 : 0;
    }

    /**
     * The loss with one shift per side: the positive side on the rows' target cosines ({@code [B,1]}, each row has
     * one target), per-proxy sums by GEMM with the one-hot targets; about 20 passes over {@code [B,C]} instead of 30.
     */
    CosineTerms lossWithOneShift(INDArray cos, INDArray targets, INDArray rowMask, boolean gradient) {
        long b = cos.size(0);
        double classes = cos.size(1);
        DataType type = cos.dataType();
        // positives: z_x = −α(cos(x, y_x) − δ) on [B,1]
        INDArray zPos = Rows.dot(cos, targets).subi(delta).muli(-alpha);
        double topPos = Math.max(0, zPos.maxNumber().doubleValue());
        INDArray ePos = Transforms.exp(zPos.subi(topPos), false).muli(rowMask);                 // [B,1]
        INDArray sumPos = Nd4j.gemm(ePos, targets, true, false);                                 // [1,C]
        INDArray members = Nd4j.gemm(rowMask, targets, true, false);                             // [1,C]
        double positiveProxies = members.gt(0.0).castTo(type).sumNumber().doubleValue();
        INDArray denPos = sumPos.add(Math.exp(-topPos));
        INDArray termPos = Transforms.log(denPos, true).addi(topPos);
        // negatives: z_xp = α(cos(x,p) + δ) on [B,C], the rows' targets and masked rows left out
        INDArray zNeg = cos.mul(alpha).addi(alpha * delta);
        double topNeg = Math.max(0, zNeg.maxNumber().doubleValue());
        INDArray eNeg = Transforms.exp(zNeg.subi(topNeg), false);
        Broadcast.muliColumn(eNeg.subi(eNeg.mul(targets)), rowMask);
        INDArray sumNeg = Rows.columnSums(eNeg);
        INDArray denNeg = sumNeg.add(Math.exp(-topNeg));
        INDArray termNeg = Transforms.log(denNeg, true).addi(topNeg);

        double posWeight = positiveProxies == 0 ? 0 : 1.0 / positiveProxies;
        double negWeight = 1.0 / classes;
        // each row's share of its proxies' terms: term_p · e_xp / Σ_x e_xp
        INDArray perPos = Nd4j.gemm(targets, termPos.div(safe(sumPos)), false, true).muli(ePos);
        INDArray perNeg = Nd4j.gemm(eNeg, termNeg.div(safe(sumNeg)), false, true);
        INDArray perExample = perPos.muli(posWeight * b).addi(perNeg.muli(negWeight * b));
        if (!gradient) {
            return new CosineTerms(perExample, null);
        }
        // d log(1 + Σ exp z)/dz = e/denominator; dz/dcos = −α (positives), α (negatives)
        INDArray g = Broadcast.diviRow(eNeg, denNeg).muli(alpha * negWeight * b);
        INDArray gPos = Broadcast.diviRow(Broadcast.mulColumn(targets, ePos), denPos).muli(-alpha * posWeight * b);
        return new CosineTerms(perExample, g.addi(gPos));
    }

    /** {@code sum}, with 1 where it is 0 (a proxy without members: its share is 0 anyway). */
    private static INDArray safe(INDArray sum) {
        return sum.add(sum.eq(0.0).castTo(sum.dataType()));
    }

    /** The loss with a shift per proxy and side, for spreads too wide for one shift. */
    CosineTerms lossWithShiftPerProxy(INDArray cos, INDArray targets, INDArray rowMask, boolean gradient) {
        long b = cos.size(0);
        long classes = cos.size(1);
        INDArray negatives = targets.rsub(1.0).muliColumnVector(rowMask);
        double positiveProxies = targets.sum(true, 0).gt(0.0).castTo(cos.dataType()).sumNumber().doubleValue();
        // shift > spread of z (2α(1+δ)) by 800: masked-out exp terms are exactly 0 in every type
        double shift = 2 * alpha * (1 + delta) + 800;
        Side pos = new Side(cos.sub(delta).muli(-alpha), targets, shift);
        Side neg = new Side(cos.add(delta).muli(alpha), negatives, shift);
        double posWeight = positiveProxies == 0 ? 0 : 1.0 / positiveProxies;
        double negWeight = 1.0 / classes;
        INDArray perExample = pos.attribution().muli(posWeight * b).addi(neg.attribution().muli(negWeight * b));
        if (!gradient) {
            return new CosineTerms(perExample, null);
        }
        INDArray g = pos.softShare().muli(-alpha * posWeight * b).addi(neg.softShare().muli(alpha * negWeight * b));
        return new CosineTerms(perExample, g);
    }

    /** One of the two sums: {@code log(1 + Σ_{x: member} exp(z_xp))} per proxy p, shifted for stability. */
    private static final class Side {
        /** {@code exp(z − top)} at members, 0 elsewhere: [B,C]. */
        final INDArray e;
        /** Σ_x of e: [1,C]. */
        final INDArray sum;
        /** {@code exp(−top) + sum}: [1,C], so that {@code log(1 + Σ exp z) = top + log(denominator)}. */
        final INDArray denominator;
        final INDArray term;

        Side(INDArray z, INDArray members, double shift) {
            INDArray kept = z.subi(members.rsub(1.0).muli(shift));
            INDArray top = Transforms.max(kept.max(true, 0), 0.0, false);
            e = Transforms.exp(kept.subiRowVector(top), false);
            sum = Rows.columnSums(e);
            denominator = Transforms.exp(top.neg(), false).addi(sum);
            term = Transforms.log(denominator, true).addi(top);
        }

        /** Each row's share of the proxies' terms: {@code Σ_p term_p · e_xp / Σ_x e_xp}, [B,1]. */
        INDArray attribution() {
            INDArray safeSum = sum.add(sum.eq(0.0).castTo(sum.dataType()));
            return Nd4j.gemm(e, term.div(safeSum), false, true);
        }

        /** d log(1 + Σ exp z)/dz = e/denominator: [B,C]. */
        INDArray softShare() {
            return Broadcast.diviRow(e.dup(), denominator);
        }
    }

    /** Builder of a {@link ProxyAnchor} head: defaults α = 32, δ = 0.1. */
    @Setter
    @Accessors(fluent = true)
    public static class Builder extends CosineHead.Builder<Builder> {
        /** α (> 0), the scale of the similarities. */
        private double alpha = DEFAULT_ALPHA;
        /** δ (>= 0), the margin. */
        private double delta = DEFAULT_DELTA;

        @Override
        @SuppressWarnings("unchecked")
        public ProxyAnchor build() {
            return validated(new ProxyAnchor(this));
        }
    }
}
