package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Multi-sample triplet loss: each anchor comes with P positives and N negatives, and the hinge
 * compares the mean positive distance with the mean negative distance:
 * <pre>
 *   L_i = relu( (1/P) Σ_k d(a_i, p_ik) − (1/N) Σ_k d(a_i, n_ik) + m )
 * </pre>
 * averaged over anchors. With P = N = 1 it is {@link LossTriplet} without swap (Schroff 2015).
 * <p>
 * <b>Input</b> (tuple family): preOutput {@code [B, (1+P+N)·D] = [a | p_1 .. p_P | n_1 .. n_N]};
 * labels are ignored (any {@code [B,1]}).
 * <p>
 * <b>Defaults</b>: {@code positives = 1}, {@code negatives = 1}, {@code margin = 1},
 * distance {@link Distance#EUCLIDEAN}.
 */
public class LossMultiSampleTriplet extends RankingLoss {
    private static final String NAME = "LossMultiSampleTriplet";

    @JsonProperty("positives")
    private int positives = 1;
    @JsonProperty("negatives")
    private int negatives = 1;
    @JsonProperty("margin")
    private double margin = 1.0;
    @JsonProperty("distance")
    private Distance distance = Distance.EUCLIDEAN;

    /** The defaults listed in the class documentation. */
    public LossMultiSampleTriplet() {
    }

    private LossMultiSampleTriplet(Options<?> b, String owner) {
        this.positives = LossInputs.requirePositive(owner, "positives (P)", b.positives);
        this.negatives = LossInputs.requirePositive(owner, "negatives (N)", b.negatives);
        this.margin = LossInputs.requireNonNegative(owner, "margin", b.margin);
        this.distance = LossInputs.requireNonNull(owner, "distance", b.distance);
    }

    public static Builder builder() {
        return new Builder();
    }

    private int blocks() {
        return 1 + positives + negatives;
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(NAME, preOutput, blocks(),
                "[anchor | " + positives + " positives | " + negatives + " negatives]");
        LossInputs.requireLabelRows(NAME, labels, preOutput);
    }

    @Override
    protected Forward forward(INDArray labels, INDArray out, boolean withGradient) {
        INDArray[] x = Tuple.split(out, blocks());
        INDArray a = x[0];
        RowwiseDistance[] toBlock = new RowwiseDistance[positives + negatives]; // d(a, block 1 + k)
        INDArray z = Nd4j.zeros(out.dataType(), out.size(0), 1);
        for (int k = 0; k < toBlock.length; k++) {
            toBlock[k] = distance.rowwiseWithGradient(a, x[1 + k]);
            if (k < positives) {
                z.addi(toBlock[k].value().div(positives));
            } else {
                z.subi(toBlock[k].value().div(negatives));
            }
        }
        z.addi(margin);
        INDArray perRow = Transforms.relu(z, true);
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        INDArray active = Transforms.step(z, true); // 1 where z > 0
        INDArray[] grad = Tuple.zerosLike(x);
        INDArray gPos = active.div(positives);
        INDArray gNeg = active.div(-negatives);
        for (int k = 0; k < toBlock.length; k++) {
            toBlock[k].addGradient(k < positives ? gPos : gNeg, grad[0], grad[1 + k]);
        }
        return new Forward(perRow, Tuple.join(grad));
    }

    public int getPositives() {
        return positives;
    }

    public int getNegatives() {
        return negatives;
    }

    public double getMargin() {
        return margin;
    }

    public Distance getDistance() {
        return distance;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof LossMultiSampleTriplet)) return false;
        LossMultiSampleTriplet that = (LossMultiSampleTriplet) o;
        return positives == that.positives && negatives == that.negatives
                && Double.compare(margin, that.margin) == 0 && distance == that.distance;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, positives, negatives, margin, distance);
    }

    @Override
    public String toString() {
        return NAME + "(positives=" + positives + ", negatives=" + negatives + ", margin=" + margin
                + ", distance=" + distance + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossMultiSampleTriplet}. */
    public static final class Builder extends Options<Builder> {
        public LossMultiSampleTriplet build() {
            return toLoss(NAME);
        }
    }

    /**
     * The options of a {@link LossMultiSampleTriplet} and their defaults, shared by its {@link Builder} and the builder of
     * its SameDiff twin.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Options<B extends Options<B>> {
        private int positives = 1;
        private int negatives = 1;
        private double margin = 1.0;
        private Distance distance = Distance.EUCLIDEAN;

        /** Number of positives P per anchor (default 1). */
        public B positives(int positives) {
            this.positives = positives;
            return self();
        }

        /** Number of negatives N per anchor (default 1). */
        public B negatives(int negatives) {
            this.negatives = negatives;
            return self();
        }

        public B margin(double margin) {
            this.margin = margin;
            return self();
        }

        public B distance(Distance distance) {
            this.distance = distance;
            return self();
        }

        protected Options() {
        }

        /** The loss with these options, checked; {@code owner} names the loss in error messages. */
        protected final LossMultiSampleTriplet toLoss(String owner) {
            return new LossMultiSampleTriplet(this, owner);
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
