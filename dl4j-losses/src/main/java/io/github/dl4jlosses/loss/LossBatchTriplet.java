package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.MatrixDistance;
import io.github.dl4jlosses.mining.BlockWorkspace;
import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.mining.PositiveSlots;
import io.github.dl4jlosses.mining.Selection;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.List;

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
 * Memory is O(B²): distances come from one GEMM-based {@link Distance#matrix}; ALL and SEMI_HARD work on
 * {@code [B, slots, B]} blocks (anchor × positive × candidate negative, see {@link PositiveSlots}), never
 * on a {@code [B,B,B]} tensor, in O(B·S·B) time with S the largest number of positives of an anchor.
 * <p>
 * <b>Input</b> (labelled batch): preOutput {@code [B, D]} embeddings, {@code B >= 2}; labels {@code [B,1]}
 * class ids or one-hot {@code [B,C]}. A per-example mask removes rows (see {@link BatchLoss}).
 * <p>
 * <b>Defaults</b> (TensorFlow Addons' {@code TripletSemiHardLoss}): {@code mining = SEMI_HARD},
 * {@code margin = 1}, distance {@link Distance#EUCLIDEAN}, {@code softMargin = false}.
 */
public class LossBatchTriplet extends LabelledBatchLoss {
    private static final String NAME = "LossBatchTriplet";

    /** The {@code mining} option: its name, default and allowed range (see the class documentation). */
    public static final Option<TripletMining> MINING = Option.choice("mining", TripletMining.class, TripletMining.SEMI_HARD);
    /** The {@code margin} option: its name, default and allowed range (see the class documentation). */
    public static final Option<Double> MARGIN = Option.nonNegative("margin", 1.0);
    /** The {@code distance} option: its name, default and allowed range (see the class documentation). */
    public static final Option<Distance> DISTANCE = Option.choice("distance", Distance.class, Distance.EUCLIDEAN);
    /** The {@code softMargin} option: its name, default and allowed range (see the class documentation). */
    public static final Option<Boolean> SOFT_MARGIN = Option.flag("softMargin", false);
    private static final List<Option<?>> SCHEMA = List.of(MINING, MARGIN, DISTANCE, SOFT_MARGIN);

    /**
     * Block budget of the ALL and SEMI_HARD loops for tests, or 0 for {@link Selection#BLOCK_ELEMENTS}: runtime
     * tuning, not configuration (not serialized; 0 after Java deserialization, which skips initialisers).
     */
    private transient long blockElements;

    /** The defaults listed in the class documentation. */
    public LossBatchTriplet() {
        super(LossOptions.defaults(NAME, SCHEMA));
    }

    /** For tests: the same loss with smaller blocks, so that the block loops run many iterations. */
    LossBatchTriplet withBlockElements(long blockElements) {
        LossBatchTriplet copy = new LossBatchTriplet(options());
        copy.blockElements = blockElements;
        return copy;
    }

    private LossBatchTriplet(LossOptions options) {
        super(options);
    }

    /** @return a builder with every option at its default */
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
        if (getMining() == TripletMining.ALL) {
            return all(ids, out, withGradient);
        }
        INDArray same = ClassLabels.sameClass(ids, out.dataType());
        INDArray positives = ClassLabels.positives(same);
        INDArray negatives = ClassLabels.negatives(same);
        MatrixDistance md = getDistance().matrixWithGradient(out, out);
        INDArray d = md.value();
        MatrixLoss m = getMining() == TripletMining.HARD
                ? hard(d, positives, negatives, withGradient)
                : semiHard(ids, d, negatives, withGradient);
        if (m == null) {
            warnDegenerate("no anchor has both a positive and a negative (" + b + " row(s), "
                    + "one class or no repeated class?)" + SCORES_ZERO);
            return zeros(out, withGradient);
        }
        if (!withGradient) {
            return new Forward(m.perRow, null);
        }
        return new Forward(m.perRow, md.selfGradient(m.dMatrix));
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
        INDArray perRow = Hinge.value(z, getMargin(), isSoftMargin()).muli(valid).muli(scale);
        if (!withGradient) {
            return new MatrixLoss(perRow, null);
        }
        INDArray w = Hinge.slope(z, getMargin(), isSoftMargin()).muli(valid).muli(scale);
        INDArray g = Broadcast.muliColumn(Selection.oneHot(pos.index, d.columns(), d.dataType()), w)
                .subi(Broadcast.muliColumn(Selection.oneHot(neg.index, d.columns(), d.dataType()), w));
        return new MatrixLoss(perRow, g);
    }

    /**
     * SEMI_HARD over (anchor, positive slot) pairs ({@link PositiveSlots}), in blocks of slots: per pair the
     * nearest negative farther than the positive, else the farthest negative. Work O(B·S·B) with S the
     * largest number of positives of an anchor, not O(B³).
     */
    private MatrixLoss semiHard(INDArray ids, INDArray d, INDArray negatives, boolean withGradient) {
        int b = (int) d.rows();
        DataType type = d.dataType();
        DataType indexType = Selection.indexType(type);
        Selection.Pick farthest = Selection.max(d, negatives);
        PositiveSlots slots = PositiveSlots.of(ids);
        double big = 2 * d.amaxNumber().doubleValue() + 1;   // beyond every distance: never the minimum
        INDArray dan = d.reshape(b, 1, b);
        INDArray neg3 = negatives.reshape(b, 1, b);
        INDArray rowSums = Nd4j.zeros(type, b, 1);
        INDArray g = withGradient ? Nd4j.zeros(type, b, b) : null;
        double found = 0;
        int block = (int) Selection.blockSize((long) b * b, slots.slots, blockElements());
        for (int s0 = 0; s0 < slots.slots; s0 += block) {
            PositiveSlots p = slots.slice(s0, Math.min(slots.slots, s0 + block));
            int w = p.slots;
            try (MemoryWorkspace ws = BlockWorkspace.open()) {
                INDArray dap = p.at(d);                                                  // [B,w]
                // D_an > D_ap  ⇔  D_an − D_ap > 0 (exact for finite floats), among the anchor's negatives
                INDArray beyond = dan.sub(dap.reshape(b, w, 1)).gt(0.0).castTo(type).muli(neg3);   // [B,w,B]
                INDArray shifted = beyond.rsub(1.0).muli(big).addi(dan);              // exact where beyond
                INDArray has = beyond.sum(2).gt(0.0).castTo(type);                     // [B,w]
                INDArray value = shifted.min(2).muli(has).addi(Broadcast.mulColumn(has.rsub(1.0), farthest.value));
                INDArray pairFound = Broadcast.mulColumn(p.valid(type), farthest.found);   // anchor has a negative
                found += pairFound.sumNumber().doubleValue();
                INDArray z = dap.sub(value);
                rowSums.addi(Hinge.value(z, getMargin(), isSoftMargin()).muli(pairFound).sum(true, 1));
                if (withGradient) {
                    INDArray hasIndex = has.castTo(indexType);
                    INDArray negative = Nd4j.argMin(shifted, 2).castTo(indexType).reshape(b, w).muli(hasIndex)
                            .addi(Broadcast.mulColumn(hasIndex.rsub(1.0), farthest.index));
                    INDArray wp = Hinge.slope(z, getMargin(), isSoftMargin()).muli(pairFound);  // dΣ/dD_ap = −dΣ/dD_an*
                    g.addi(PositiveSlots.sumAtColumns(p.index(indexType), wp))
                            .subi(PositiveSlots.sumAtColumns(negative, wp));
                }
            }
        }
        if (found == 0) {
            return null;
        }
        double scale = b / found;
        return new MatrixLoss(rowSums.muli(scale), withGradient ? g.muli(scale) : null);
    }

    /**
     * ALL: the triplets (a, p, n) as {@code [B, slots, B]} blocks (anchor × positive slot × column, see
     * {@link PositiveSlots}) of at most {@link Selection#BLOCK_ELEMENTS} entries, each in a
     * {@link BlockWorkspace} rewound after it: a few vectorized ops per block, whatever the number of
     * classes. Work is proportional to B·S·B (S: largest number of positives of an anchor), memory to B².
     */
    private Forward all(INDArray ids, INDArray out, boolean withGradient) {
        int b = (int) out.size(0);
        DataType type = out.dataType();
        DataType indexType = Selection.indexType(type);
        INDArray negatives = ClassLabels.negatives(ClassLabels.sameClass(ids, type));
        PositiveSlots slots = PositiveSlots.of(ids);
        MatrixDistance md = getDistance().matrixWithGradient(out, out);
        INDArray d = md.value();
        INDArray dan = d.reshape(b, 1, b);
        INDArray neg3 = negatives.reshape(b, 1, b);
        INDArray rowSums = Nd4j.zeros(type, b, 1);
        INDArray g = withGradient ? Nd4j.zeros(type, b, b) : null;
        double active = 0;
        double triplets = 0;
        int block = (int) Selection.blockSize((long) b * b, slots.slots, blockElements());
        for (int s0 = 0; s0 < slots.slots; s0 += block) {
            PositiveSlots p = slots.slice(s0, Math.min(slots.slots, s0 + block));
            int w = p.slots;
            try (MemoryWorkspace ws = BlockWorkspace.open()) {
                INDArray valid = p.valid(type).reshape(b, w, 1).mul(neg3);                 // [B,w,B]
                triplets += valid.sumNumber().doubleValue();
                INDArray z = p.at(d).reshape(b, w, 1).sub(dan);                             // D_ap − D_an
                INDArray loss = Hinge.value(z, getMargin(), isSoftMargin()).muli(valid);
                active += Nd4j.getExecutioner().exec(new MatchCondition(loss, Conditions.greaterThan(0.0)))
                        .getDouble(0);
                rowSums.addi(loss.sum(1, 2).reshape(b, 1));
                if (withGradient) {
                    INDArray wt = Hinge.slope(z, getMargin(), isSoftMargin()).muli(valid);          // dΣ/dD_an = −wt
                    g.addi(PositiveSlots.sumAtColumns(p.index(indexType), wt.sum(2))).subi(wt.sum(1));
                }
            }
        }
        if (active == 0) {
            if (triplets == 0) {
                warnDegenerate("no valid triplet (" + b + " row(s), one class or no repeated class?)" + SCORES_ZERO);
            }
            return zeros(out, withGradient);
        }
        double scale = b / active;
        INDArray perRow = rowSums.muli(scale);
        return new Forward(perRow, withGradient ? md.selfGradient(g.muli(scale)) : null);
    }

    private long blockElements() {
        return blockElements > 0 ? blockElements : Selection.BLOCK_ELEMENTS;
    }

    /** @return the {@code mining} option */
    public TripletMining getMining() {
        return option(MINING);
    }

    /** @return the {@code margin} option */
    public double getMargin() {
        return option(MARGIN);
    }

    /** @return the {@code distance} option */
    public Distance getDistance() {
        return option(DISTANCE);
    }

    /** @return the {@code softMargin} option */
    public boolean isSoftMargin() {
        return option(SOFT_MARGIN);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Builder; unset options keep the defaults of {@link LossBatchTriplet}. */
    public static final class Builder extends Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public LossBatchTriplet build() {
            return toLoss(NAME);
        }
    }

    /**
     * The options of a {@link LossBatchTriplet} and their defaults, shared by its {@link Builder} and the builder of
     * its SameDiff twin.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Options<B extends Options<B>> extends LossBuilder<B> {
        /** Which triplets to use (default {@link TripletMining#SEMI_HARD}). */
        public B mining(TripletMining mining) {
            return set(MINING, mining);
        }

        /** Margin m &gt;= 0 (default 1; unused with {@code softMargin}). */
        public B margin(double margin) {
            return set(MARGIN, margin);
        }

        /** Distance (default Euclidean). */
        public B distance(Distance distance) {
            return set(DISTANCE, distance);
        }

        /** {@code log(1 + exp(z))} instead of {@code relu(z + m)} (Hermans 2017; default false). */
        public B softMargin(boolean softMargin) {
            return set(SOFT_MARGIN, softMargin);
        }

        /** Options at their defaults. */
        protected Options() {
        }

        /** The loss with these options, checked; {@code owner} names the loss in error messages. */
        protected final LossBatchTriplet toLoss(String owner) {
            return new LossBatchTriplet(options(owner, SCHEMA));
        }
    }
}
