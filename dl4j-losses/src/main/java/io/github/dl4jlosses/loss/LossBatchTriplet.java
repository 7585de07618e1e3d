package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.mining.BlockWorkspace;
import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.mining.Selection;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Triplet loss mined from a labelled batch. With {@code h(z) = relu(z + m)} (or {@code log(1 + exp(z))}
 * with {@code softMargin}) and {@code D} the {@code B×B} distance matrix:
 * <pre>
 *   ALL        L = Σ_{a,p,n} h(D_ap − D_an) / #{(a,p,n) : h(D_ap − D_an) &gt; 0}
 *   HARD       L = (1/|A|) Σ_{a ∈ A} h( max_p D_ap − min_n D_an )
 *   SEMI_HARD  L = (1/|P|) Σ_{(a,p) ∈ P} h( D_ap − D_{a,n*(a,p)} ),
 *              n*(a,p) = argmin{ D_an : D_an &gt; D_ap }, or argmax_n D_an when no negative is farther than p
 * </pre>
 * over positives {@code p ≠ a} of a's class and negatives {@code n} of other classes; {@code A} are the
 * anchors having both, {@code P} the anchor–positive pairs whose anchor has a negative. Sources: FaceNet
 * (Schroff, Kalenichenko &amp; Philbin 2015) for the triplet loss and semi-hard mining, with TensorFlow
 * Addons' {@code triplet_semihard_loss} semantics (except that an anchor without any negative is left out
 * instead of being compared with a distance of 0); Hermans, Beyer &amp; Leibe 2017 for batch hard and the
 * soft margin; pytorch-metric-learning's {@code AvgNonZeroReducer} for ALL. See {@link TripletMining}.
 * <p>
 * Memory is O(B²): distances come from one GEMM-based {@link Distance#matrix}; ALL enumerates triplets
 * class by class in blocks of anchors, SEMI_HARD in blocks of positives, never as a {@code [B,B,B]} tensor.
 * <p>
 * <b>Input</b> (labelled batch): preOutput {@code [B, D]} embeddings, {@code B >= 2}; labels {@code [B,1]}
 * class ids or one-hot {@code [B,C]}. A per-example mask removes rows (see {@link BatchLoss}).
 * <p>
 * <b>Defaults</b> (TensorFlow Addons' {@code TripletSemiHardLoss}): {@code mining = SEMI_HARD},
 * {@code margin = 1}, distance {@link Distance#EUCLIDEAN}, {@code softMargin = false}.
 */
public class LossBatchTriplet extends LabelledBatchLoss {
    private static final String NAME = "LossBatchTriplet";

    @JsonProperty("mining")
    private TripletMining mining = TripletMining.SEMI_HARD;
    @JsonProperty("margin")
    private double margin = 1.0;
    @JsonProperty("distance")
    private Distance distance = Distance.EUCLIDEAN;
    @JsonProperty("softMargin")
    private boolean softMargin = false;

    /** Block budget of the ALL and SEMI_HARD loops; runtime tuning, not configuration (not serialized). */
    private transient long blockElements = Selection.BLOCK_ELEMENTS;

    /** The defaults listed in the class documentation. */
    public LossBatchTriplet() {
    }

    /** For tests: the same loss with smaller blocks, so that the block loops run many iterations. */
    LossBatchTriplet withBlockElements(long blockElements) {
        LossBatchTriplet copy = builder().mining(mining).margin(margin).distance(distance).softMargin(softMargin).build();
        copy.blockElements = blockElements;
        return copy;
    }

    private LossBatchTriplet(Builder b) {
        this.mining = LossInputs.requireNonNull(NAME, "mining", b.mining);
        this.margin = LossInputs.requireNonNegative(NAME, "margin", b.margin);
        this.distance = LossInputs.requireNonNull(NAME, "distance", b.distance);
        this.softMargin = b.softMargin;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Per-row contributions and the gradient with respect to the distance matrix. */
    private static final class MatrixLoss {
        final INDArray perRow;
        final INDArray dMatrix;

        MatrixLoss(INDArray perRow, INDArray dMatrix) {
            this.perRow = perRow;
            this.dMatrix = dMatrix;
        }
    }

    @Override
    protected Forward forwardBatch(INDArray labels, INDArray out, boolean withGradient) {
        long b = out.size(0);
        INDArray ids = classIds(labels);
        if (mining == TripletMining.ALL) {
            return all(ids, out, withGradient);
        }
        INDArray same = ClassLabels.sameClass(ids, out.dataType());
        INDArray positives = ClassLabels.positives(same);
        INDArray negatives = ClassLabels.negatives(same);
        INDArray d = distance.matrix(out, out);
        MatrixLoss m = mining == TripletMining.HARD
                ? hard(d, positives, negatives, withGradient)
                : semiHard(d, positives, negatives, withGradient);
        if (m == null) {
            warnDegenerate("no anchor has both a positive and a negative (" + b + " row(s), "
                    + "one class or no repeated class?)" + SCORES_ZERO);
            return zeros(out, withGradient);
        }
        if (!withGradient) {
            return new Forward(m.perRow, null);
        }
        INDArray[] g = distance.matrixGradient(out, out, m.dMatrix);
        return new Forward(m.perRow, g[0].addi(g[1]));
    }

    private MatrixLoss hard(INDArray d, INDArray positives, INDArray negatives, boolean withGradient) {
        Selection.Pick pos = Selection.max(d, positives);
        Selection.Pick neg = Selection.min(d, negatives);
        INDArray valid = pos.found.mul(neg.found);
        double anchors = valid.sumNumber().doubleValue();
        if (anchors == 0) {
            return null;
        }
        double scale = d.rows() / anchors;
        INDArray z = pos.value.sub(neg.value);
        INDArray perRow = Hinge.value(z, margin, softMargin).muli(valid).muli(scale);
        if (!withGradient) {
            return new MatrixLoss(perRow, null);
        }
        INDArray w = Hinge.slope(z, margin, softMargin).muli(valid).muli(scale);
        INDArray g = Selection.oneHot(pos.index, d.columns(), d.dataType()).muliColumnVector(w)
                .subi(Selection.oneHot(neg.index, d.columns(), d.dataType()).muliColumnVector(w));
        return new MatrixLoss(perRow, g);
    }

    private MatrixLoss semiHard(INDArray d, INDArray positives, INDArray negatives, boolean withGradient) {
        Selection.Pick neg = Selection.semiHardNegatives(d, positives, negatives, blockElements);
        double pairs = neg.found.sumNumber().doubleValue();
        if (pairs == 0) {
            return null;
        }
        double scale = d.rows() / pairs;
        INDArray z = d.sub(neg.value);
        INDArray perRow = Hinge.value(z, margin, softMargin).muli(neg.found).sum(true, 1).muli(scale);
        if (!withGradient) {
            return new MatrixLoss(perRow, null);
        }
        INDArray w = Hinge.slope(z, margin, softMargin).muli(neg.found).muli(scale);   // dΣ/dD_ap
        INDArray g = w.sub(Selection.scatter(neg.index, w, d.columns(), blockElements));
        return new MatrixLoss(perRow, g);
    }

    /**
     * ALL: rows are grouped by class so that each class is a contiguous block; for each class the triplets
     * (a, p, n) with a, p in the class are enumerated as {@code [anchors, n_c, B]} blocks of at most
     * {@link Selection#BLOCK_ELEMENTS} entries, each in a {@link BlockWorkspace} rewound after it. Work is
     * proportional to the number of triplets, memory to B².
     */
    private Forward all(INDArray ids, INDArray out, boolean withGradient) {
        int b = (int) out.size(0);
        DataType type = out.dataType();
        ClassLabels.Groups groups = ClassLabels.group(ids);
        boolean permuted = !groups.isIdentity();
        INDArray x = permuted ? Nd4j.pullRows(out, 1, groups.order) : out;
        INDArray d = distance.matrix(x, x);
        INDArray rowSums = Nd4j.zeros(type, b, 1);
        INDArray g = withGradient ? Nd4j.zeros(type, b, b) : null;
        double active = 0;
        for (int c = 0; c < groups.count(); c++) {
            int s = groups.starts[c];
            int e = groups.starts[c + 1];
            int nc = e - s;
            if (nc < 2 || nc == b) {
                continue; // no positive, or no negative
            }
            INDArray negRow = Nd4j.ones(type, 1, 1, b);
            negRow.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(s, e)).assign(0);
            INDArray notSelf = Nd4j.eye(nc).castTo(type).rsubi(1.0);
            int block = (int) Selection.blockSize((long) nc * b, nc, blockElements);
            for (int a0 = s; a0 < e; a0 += block) {
                int a1 = Math.min(e, a0 + block);
                int ab = a1 - a0;
                try (MemoryWorkspace ws = BlockWorkspace.open()) {
                    INDArray dap = d.get(NDArrayIndex.interval(a0, a1), NDArrayIndex.interval(s, e));  // [ab, nc]
                    INDArray dan = d.get(NDArrayIndex.interval(a0, a1), NDArrayIndex.all());          // [ab, B]
                    INDArray posMask = notSelf.get(NDArrayIndex.interval(a0 - s, a1 - s), NDArrayIndex.all())
                            .reshape(ab, nc, 1);
                    INDArray z = dap.reshape(ab, nc, 1).sub(dan.reshape(ab, 1, b));                   // [ab, nc, B]
                    INDArray loss = Hinge.value(z, margin, softMargin).muli(posMask).muli(negRow);
                    active += Nd4j.getExecutioner().exec(new MatchCondition(loss, Conditions.greaterThan(0.0)))
                            .getDouble(0);
                    rowSums.get(NDArrayIndex.interval(a0, a1), NDArrayIndex.all()).addi(loss.sum(1, 2).reshape(ab, 1));
                    if (withGradient) {
                        INDArray w = Hinge.slope(z, margin, softMargin).muli(posMask).muli(negRow);
                        g.get(NDArrayIndex.interval(a0, a1), NDArrayIndex.interval(s, e)).addi(w.sum(2));
                        g.get(NDArrayIndex.interval(a0, a1), NDArrayIndex.all()).subi(w.sum(1));
                    }
                }
            }
        }
        if (active == 0) {
            boolean anyTriplet = false;
            for (int c = 0; c < groups.count(); c++) {
                anyTriplet |= groups.size(c) >= 2 && groups.size(c) < b;
            }
            if (!anyTriplet) {
                warnDegenerate("no valid triplet (" + b + " row(s), one class or no repeated class?)" + SCORES_ZERO);
            }
            return zeros(out, withGradient);
        }
        double scale = b / active;
        INDArray perRow = rowSums.muli(scale);
        INDArray grad = null;
        if (withGradient) {
            INDArray[] gx = distance.matrixGradient(x, x, g.muli(scale));
            grad = gx[0].addi(gx[1]);
        }
        if (permuted) {
            int[] inverse = groups.inverse();
            perRow = Nd4j.pullRows(perRow, 1, inverse);
            grad = grad == null ? null : Nd4j.pullRows(grad, 1, inverse);
        }
        return new Forward(perRow, grad);
    }

    public TripletMining getMining() {
        return mining;
    }

    public double getMargin() {
        return margin;
    }

    public Distance getDistance() {
        return distance;
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
        if (!(o instanceof LossBatchTriplet)) return false;
        LossBatchTriplet that = (LossBatchTriplet) o;
        return mining == that.mining && Double.compare(margin, that.margin) == 0
                && distance == that.distance && softMargin == that.softMargin;
    }

    @Override
    public int hashCode() {
        return Objects.hash(NAME, mining, margin, distance, softMargin);
    }

    @Override
    public String toString() {
        return NAME + "(mining=" + mining + ", margin=" + margin + ", distance=" + distance
                + ", softMargin=" + softMargin + ")";
    }

    /** Builder; unset options keep the defaults of {@link LossBatchTriplet}. */
    public static final class Builder {
        private TripletMining mining = TripletMining.SEMI_HARD;
        private double margin = 1.0;
        private Distance distance = Distance.EUCLIDEAN;
        private boolean softMargin = false;

        /** Which triplets to use (default {@link TripletMining#SEMI_HARD}). */
        public Builder mining(TripletMining mining) {
            this.mining = mining;
            return this;
        }

        /** Margin m &gt;= 0 (default 1; unused with {@code softMargin}). */
        public Builder margin(double margin) {
            this.margin = margin;
            return this;
        }

        /** Distance (default Euclidean). */
        public Builder distance(Distance distance) {
            this.distance = distance;
            return this;
        }

        /** {@code log(1 + exp(z))} instead of {@code relu(z + m)} (Hermans 2017; default false). */
        public Builder softMargin(boolean softMargin) {
            this.softMargin = softMargin;
            return this;
        }

        public LossBatchTriplet build() {
            return new LossBatchTriplet(this);
        }
    }
}
