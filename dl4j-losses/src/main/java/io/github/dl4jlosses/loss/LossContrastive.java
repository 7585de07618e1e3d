package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Contrastive loss (Hadsell, Chopra &amp; LeCun 2006, "Dimensionality Reduction by Learning an
 * Invariant Mapping"):
 * <pre>
 *   L_i = s_i · relu(d_i − m_pos)² + (1 − s_i) · relu(m_neg − d_i)²
 * </pre>
 * where {@code d_i = d(x1_i, x2_i)} and {@code s_i = 1} for a similar pair.
 * <p>
 * <b>Input</b> (pair family): preOutput {@code [B, 2D] = [x1 | x2]} (what a {@code MergeVertex} of two
 * branches gives); labels {@code [B,1]} with values 0 or 1. Which value means "similar" is explicit:
 * {@code similarLabel(1)} (default, as TensorFlow Addons' {@code contrastive_loss}) or
 * {@code similarLabel(0)} (as Hadsell's paper, where Y=0 marks a similar pair).
 * <p>
 * <b>Defaults</b>: distance {@link Distance#EUCLIDEAN}, {@code similarLabel = 1}, {@code marginPositive = 0},
 * {@code marginNegative = 1}.
 */
public class LossContrastive extends RankingLoss {
    private static final String NAME = "LossContrastive";

    @JsonProperty("distance")
    private Distance distance = Distance.EUCLIDEAN;
    @JsonProperty("similarLabel")
    private int similarLabel = 1;
    @JsonProperty("marginPositive")
    private double marginPositive = 0.0;
    @JsonProperty("marginNegative")
    private double marginNegative = 1.0;

    /** The defaults listed in the class documentation. */
    public LossContrastive() {
    }

    private LossContrastive(Options<?> b, String owner) {
        this.distance = LossInputs.requireNonNull(owner, "distance", b.distance);
        if (b.similarLabel != 0 && b.similarLabel != 1) {
            throw new IllegalArgumentException(owner + ": expected similarLabel to be 0 or 1, got " + b.similarLabel);
        }
        this.similarLabel = b.similarLabel;
        this.marginPositive = LossInputs.requireNonNegative(owner, "marginPositive", b.marginPositive);
        this.marginNegative = LossInputs.requireNonNegative(owner, "marginNegative", b.marginNegative);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(NAME, preOutput, 2, "[x1 | x2]");
        LossInputs.requireColumnLabels(NAME, labels, preOutput);
        // Anything but exact 0/1 would silently blend the two terms. y(1 − y) is 0 exactly for y ∈ {0, 1}
        // (NaN for NaN, non-zero otherwise): one cheap reduction on the common, valid path.
        double offBinary = labels.rsub(1.0).muli(labels).norm1Number().doubleValue();
        if (offBinary == 0.0) {
            return;
        }
        INDArray notBinary = labels.neq(0.0).castTo(labels.dataType()).muli(labels.neq(1.0).castTo(labels.dataType()));
        if (notBinary.sumNumber().doubleValue() > 0 || labels.isNaN().any()) {
            long row = notBinary.reshape(notBinary.length()).argMax().getLong(0);
            throw new IllegalArgumentException(String.format(
                    "%s: expected pair labels of 0 or 1 (similarLabel=%d marks a similar pair), got %s at row %d",
                    NAME, similarLabel, labels.getDouble(row, 0), row));
        }
    }

    @Override
    protected Forward forward(INDArray labels, INDArray out, boolean withGradient) {
        INDArray[] x = Tuple.split(out, 2);
        INDArray similar = similarLabel == 1 ? labels : labels.rsub(1.0);
        INDArray dissimilar = similar.rsub(1.0);

        RowwiseDistance rd = distance.rowwiseWithGradient(x[0], x[1]);
        INDArray dist = rd.value();
        INDArray pos = Transforms.relu(dist.sub(marginPositive), false);      // relu(d - m_pos)
        INDArray neg = Transforms.relu(dist.rsub(marginNegative), false);     // relu(m_neg - d)
        // t = s relu(d - m_pos) - (1-s) relu(m_neg - d); with s ∈ {0,1}, L = t² and dL/dd = 2t.
        INDArray t = pos.muli(similar).subi(neg.muli(dissimilar));
        INDArray perRow = t.mul(t);
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        INDArray dLdd = t.muli(2.0);
        return new Forward(perRow, Tuple.join(rd.gradient(dLdd)));
    }

    public Distance getDistance() {
        return distance;
    }

    public int getSimilarLabel() {
        return similarLabel;
    }

    public double getMarginPositive() {
        return marginPositive;
    }

    public double getMarginNegative() {
        return marginNegative;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof LossContrastive)) return false;
        LossContrastive that = (LossContrastive) o;
        return similarLabel == that.similarLabel
                && Double.compare(marginPositive, that.marginPositive) == 0
                && Double.compare(marginNegative, that.marginNegative) == 0
                && distance == that.distance;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, distance, similarLabel, marginPositive, marginNegative);
    }

    @Override
    public String toString() {
        return NAME + "(distance=" + distance + ", similarLabel=" + similarLabel
                + ", marginPositive=" + marginPositive + ", marginNegative=" + marginNegative + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossContrastive}. */
    public static final class Builder extends Options<Builder> {
        public LossContrastive build() {
            return toLoss(NAME);
        }
    }

    /**
     * The options of a {@link LossContrastive} and their defaults, shared by its {@link Builder} and the builder of
     * its SameDiff twin.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Options<B extends Options<B>> {
        private Distance distance = Distance.EUCLIDEAN;
        private int similarLabel = 1;
        private double marginPositive = 0.0;
        private double marginNegative = 1.0;

        public B distance(Distance distance) {
            this.distance = distance;
            return self();
        }

        /** Label value that marks a similar pair: 1 (default) or 0 (Hadsell 2006). */
        public B similarLabel(int similarLabel) {
            this.similarLabel = similarLabel;
            return self();
        }

        /** Similar pairs are pulled until their distance is at most this (default 0). */
        public B marginPositive(double marginPositive) {
            this.marginPositive = marginPositive;
            return self();
        }

        /** Dissimilar pairs are pushed until their distance is at least this (default 1). */
        public B marginNegative(double marginNegative) {
            this.marginNegative = marginNegative;
            return self();
        }

        protected Options() {
        }

        /** The loss with these options, checked; {@code owner} names the loss in error messages. */
        protected final LossContrastive toLoss(String owner) {
            return new LossContrastive(this, owner);
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
