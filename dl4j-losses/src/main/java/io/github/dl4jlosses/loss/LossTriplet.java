package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Triplet margin loss (Schroff, Kalenichenko &amp; Philbin 2015, FaceNet; Hoffer &amp; Ailon 2015):
 * <pre>
 *   L_i = relu(d(a_i, p_i) − d(a_i, n_i) + m)                  (hinge, default)
 *   L_i = log(1 + exp(d(a_i, p_i) − d(a_i, n_i)))               (softMargin; the margin is not used)
 * </pre>
 * With {@code swap} (Balntas et al. 2016, "Learning local feature descriptors with triplets and
 * shallow convolutional neural networks") the negative distance is {@code min(d(a,n), d(p,n))}.
 * <p>
 * <b>Input</b> (tuple family): preOutput {@code [B, 3D] = [a | p | n]}; labels are ignored (any {@code [B,1]}).
 * <p>
 * <b>Defaults</b> (those of PyTorch's {@code TripletMarginLoss}): {@code margin = 1}, distance
 * {@link Distance#EUCLIDEAN}, {@code swap = false}, {@code softMargin = false}. FaceNet's setting is
 * {@code margin(0.2).distance(Distance.SQUARED_EUCLIDEAN)} on L2-normalised embeddings.
 */
public class LossTriplet extends RankingLoss {
    private static final String NAME = "LossTriplet";

    @JsonProperty("margin")
    private double margin = 1.0;
    @JsonProperty("distance")
    private Distance distance = Distance.EUCLIDEAN;
    @JsonProperty("swap")
    private boolean swap = false;
    @JsonProperty("softMargin")
    private boolean softMargin = false;

    /** The defaults listed in the class documentation. */
    public LossTriplet() {
    }

    private LossTriplet(Options<?> b, String owner) {
        this.margin = LossInputs.requireNonNegative(owner, "margin", b.margin);
        this.distance = LossInputs.requireNonNull(owner, "distance", b.distance);
        this.swap = b.swap;
        this.softMargin = b.softMargin;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(NAME, preOutput, 3, "[anchor | positive | negative]");
        LossInputs.requireLabelRows(NAME, labels, preOutput);
    }

    @Override
    protected Forward forward(INDArray labels, INDArray out, boolean withGradient) {
        INDArray[] apn = Tuple.split(out, 3);
        INDArray a = apn[0];
        INDArray p = apn[1];
        INDArray n = apn[2];

        RowwiseDistance ap = distance.rowwiseWithGradient(a, p);
        RowwiseDistance an = distance.rowwiseWithGradient(a, n);
        INDArray dan = an.value();
        RowwiseDistance pn = null;
        INDArray useSwap = null; // 1 where d(p,n) < d(a,n): the negative distance is taken from p
        if (swap) {
            pn = distance.rowwiseWithGradient(p, n);
            useSwap = pn.value().lt(dan).castTo(out.dataType());
            dan = Transforms.min(dan, pn.value(), true);
        }
        INDArray z = ap.value().sub(dan);
        INDArray perRow;
        INDArray dLdz;
        if (softMargin) {
            perRow = Hinge.softplus(z);
            dLdz = withGradient ? Transforms.sigmoid(z, true) : null;
        } else {
            z.addi(margin);
            perRow = Transforms.relu(z, true);
            dLdz = withGradient ? Transforms.step(z, true) : null;    // 1 where z > 0
        }
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        INDArray dLdan = dLdz.neg();
        INDArray[] fromAp = ap.gradient(dLdz);
        if (useSwap == null) {
            INDArray[] fromAn = an.gradient(dLdan);
            return new Forward(perRow, Tuple.join(fromAp[0].addi(fromAn[0]), fromAp[1], fromAn[1]));
        }
        INDArray[] fromAn = an.gradient(dLdan.mul(useSwap.rsub(1.0)));
        INDArray[] fromPn = pn.gradient(dLdan.mul(useSwap));
        INDArray[] grad = {fromAp[0].addi(fromAn[0]), fromAp[1].addi(fromPn[0]), fromAn[1].addi(fromPn[1])};
        return new Forward(perRow, Tuple.join(grad));
    }

    public double getMargin() {
        return margin;
    }

    public Distance getDistance() {
        return distance;
    }

    public boolean isSwap() {
        return swap;
    }

    public boolean isSoftMargin() {
        return softMargin;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof LossTriplet)) return false;
        LossTriplet that = (LossTriplet) o;
        return Double.compare(margin, that.margin) == 0 && swap == that.swap
                && softMargin == that.softMargin && distance == that.distance;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, margin, distance, swap, softMargin);
    }

    @Override
    public String toString() {
        return NAME + "(margin=" + margin + ", distance=" + distance + ", swap=" + swap
                + ", softMargin=" + softMargin + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossTriplet}. */
    public static final class Builder extends Options<Builder> {
        public LossTriplet build() {
            return toLoss(NAME);
        }
    }

    /**
     * The options of a {@link LossTriplet} and their defaults, shared by its {@link Builder} and the builder of
     * its SameDiff twin.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Options<B extends Options<B>> {
        private double margin = 1.0;
        private Distance distance = Distance.EUCLIDEAN;
        private boolean swap = false;
        private boolean softMargin = false;

        protected Options() {
        }

        /** Margin m &gt;= 0 (default 1). */
        public B margin(double margin) {
            this.margin = margin;
            return self();
        }

        public B distance(Distance distance) {
            this.distance = distance;
            return self();
        }

        /** Balntas 2016 distance swap: use min(d(a,n), d(p,n)) as the negative distance (default false). */
        public B swap(boolean swap) {
            this.swap = swap;
            return self();
        }

        /** Soft margin log(1+exp(d_ap − d_an)) instead of the hinge (default false). */
        public B softMargin(boolean softMargin) {
            this.softMargin = softMargin;
            return self();
        }

        /** The loss with these options, checked; {@code owner} names the loss in error messages. */
        protected final LossTriplet toLoss(String owner) {
            return new LossTriplet(this, owner);
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
