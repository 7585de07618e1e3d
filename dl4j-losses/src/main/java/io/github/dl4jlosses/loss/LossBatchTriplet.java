package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.PickedPairs;
import io.github.dl4jlosses.mining.AllPairsMiner;
import io.github.dl4jlosses.mining.BatchHardMiner;
import io.github.dl4jlosses.mining.BlockWorkspace;
import io.github.dl4jlosses.mining.DefaultMining;
import io.github.dl4jlosses.mining.LabelledDistances;
import io.github.dl4jlosses.mining.Mined;
import io.github.dl4jlosses.mining.Miner;
import io.github.dl4jlosses.mining.PositiveSlots;
import io.github.dl4jlosses.mining.Selection;
import io.github.dl4jlosses.mining.SemiHardMiner;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.CountNonZero;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    /**
     * {@code mining}: Which triplets to use (default {@link TripletMining#SEMI_HARD}); a {@code miner}, when given,
     * replaces it.
     */
    public static final Option<TripletMining> MINING = Option.choice("mining", TripletMining.class,
            TripletMining.SEMI_HARD);
    /** {@code margin}: Margin m &gt;= 0 (default 1; unused with {@code softMargin}). */
    public static final Option<Double> MARGIN = Option.nonNegative("margin", 1.0);
    /** {@code distance}: Distance (default Euclidean). */
    public static final Option<Distance> DISTANCE = Option.choice("distance", Distance.class, Distance.EUCLIDEAN);
    /** {@code softMargin}: {@code log(1 + exp(z))} instead of {@code relu(z + m)} (Hermans 2017; default false). */
    public static final Option<Boolean> SOFT_MARGIN = Option.flag("softMargin", false);

    /**
     * How far below {@code −m} a folded-out {@code z} lies ({@link #everyCombination}): {@code exp(−1000)} is 0 in
     * every floating-point type, so a soft margin's value and slope vanish there exactly, as a hinge's do.
     */
    private static final double OUT_OF_REACH = 1000;

    /**
     * Block budget of the ALL and SEMI_HARD loops for tests, or 0 for {@link Selection#BLOCK_ELEMENTS}: runtime
     * tuning, not configuration (not serialized; 0 after Java deserialization, which skips initialisers).
     */
    private transient long blockElements;

    /** The defaults listed in the class documentation. */
    public LossBatchTriplet() {
        super(List.of(MINING, MARGIN, DISTANCE, SOFT_MARGIN, MINER));
    }

    /** For tests: the same loss with smaller blocks, so that the block loops run many iterations. */
    LossBatchTriplet withBlockElements(long blockElements) {
        LossBatchTriplet copy = new LossBatchTriplet();
        copy.configure(options());
        copy.blockElements = blockElements;
        return copy;
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossBatchTriplet> builder() {
        return new LossBuilder<>(LossBatchTriplet::new);
    }

    @Override
    protected Forward forwardMined(LabelledDistances batch, Mined mined, boolean withGradient) {
        Forward f = mined.isTriplets() ? triplets(batch, mined.triplets(), withGradient)
                : everyCombination(batch, mined, withGradient);
        if (f == null) {
            warnDegenerate((get(MINER) instanceof DefaultMining ? "no anchor has both a positive and a negative"
                    : "no triplet was mined") + " (" + batch.queries() + " row(s), one class or no repeated class?)"
                    + SCORES_ZERO);
        }
        return f;
    }

    /**
     * The mean of {@code h(D_ap − D_an)} over mined triplets (HARD: one per anchor; SEMI_HARD: one per
     * anchor–positive pair); the gradient puts each triplet's slope at its two distances.
     */
    private Forward triplets(LabelledDistances batch, Mined.Triplets t, boolean withGradient) {
        double count = t.count();
        if (count == 0) {
            return null;
        }
        INDArray d = batch.distances;
        INDArray z = Selection.gather(d, t.positive).subi(Selection.gather(d, t.negative));
        double scale = batch.queries() / count;
        INDArray perRow = Rows.sums(Hinge.value(z, get(MARGIN), get(SOFT_MARGIN)).muli(t.valid)).muli(scale);
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        INDArray w = Hinge.slope(z, get(MARGIN), get(SOFT_MARGIN)).muli(t.valid).muli(scale);
        // dL/dD at two entries per triplet (one per anchor for batch hard, one per anchor–positive slot for semi-hard),
        // back-propagated without [B,M] matrices where the distance allows it (see LabelledBatchLoss)
        return Forward.picked(perRow, new PickedPairs(Nd4j.hstack(t.positive, t.negative), Nd4j.hstack(w, w.neg())));
    }

    /**
     * Every (positive, negative) combination of each anchor's mined pairs (ALL: every valid triplet), averaged
     * over the triplets with a positive loss, as {@code [B, slots, M]} blocks (anchor × positive slot × column,
     * see {@link PositiveSlots}) of at most {@link Selection#BLOCK_ELEMENTS} entries, each in a
     * {@link BlockWorkspace} rewound after it: work proportional to B·S·M (S: largest number of positives of an
     * anchor), memory to B·M.
     * <p>
     * In FLOAT and DOUBLE the masks are folded into the distances once, {@code [B,M]} work instead of two products
     * with a {@code [B,S,M]} 0/1 validity per block: a column that is no negative of its anchor gets {@code D_an +
     * far} and an empty slot {@code D_ap − far}, so every {@code z = D_ap − D_an} outside a triplet lies below
     * {@code −m − }{@link #OUT_OF_REACH}, where {@code relu(z + m)}, {@code softplus(z)} and both slopes are exactly 0.
     * The half types, whose range is small, multiply by the validity.
     */
    private Forward everyCombination(LabelledDistances batch, Mined mined, boolean withGradient) {
        INDArray d = batch.distances;
        int b = (int) batch.queries();
        int m = (int) batch.references();
        DataType type = d.dataType();
        double margin = get(MARGIN);
        boolean soft = get(SOFT_MARGIN);
        PositiveSlots slots = mined.positiveSlots();
        INDArray negatives = mined.negatives();
        if (slots.slots == 0) {
            return null;                         // no anchor has a positive
        }
        // anchor a forms (its valid slots) × (its negatives) triplets, counted on [B,1] columns (only whether any exists
        // matters; the half types count in FLOAT)
        DataType countType = Selection.indexType(type);
        double triplets = Rows.sums(slots.valid(countType))
                .muli(Rows.sums(type == countType ? negatives : negatives.castTo(countType))).sumNumber().doubleValue();
        if (triplets == 0) {
            return null;
        }
        boolean wide = type == DataType.FLOAT || type == DataType.DOUBLE;
        double far = wide ? 2 * d.amaxNumber().doubleValue() + margin + OUT_OF_REACH : Double.NaN;
        boolean folded = wide && Double.isFinite(far);
        INDArray dan = (folded ? Selection.shiftedOutside(d, negatives, far) : d).reshape(b, 1, m);
        INDArray neg3 = folded ? null : negatives.reshape(b, 1, m);
        INDArray rowSums = Nd4j.zeros(type, b, 1);
        INDArray g = withGradient ? Nd4j.zeros(type, b, m) : null;
        double active = 0;
        int block = (int) Selection.blockSize((long) b * m, slots.slots, blockElements());
        for (int s0 = 0; s0 < slots.slots; s0 += block) {
            PositiveSlots p = slots.slice(s0, Math.min(slots.slots, s0 + block));
            int w = p.slots;
            try (MemoryWorkspace ws = BlockWorkspace.open()) {
                INDArray dap = folded ? Selection.shiftedOutside(p.at(d), p.valid(type), -far) : p.at(d);   // [B,w]
                INDArray z = dap.reshape(b, w, 1).sub(dan);                                // D_ap − D_an, [B,w,M]
                INDArray valid = folded ? null : p.valid(type).reshape(b, w, 1).mul(neg3);
                INDArray loss = Hinge.value(z, margin, soft);
                if (valid != null) {
                    loss.muli(valid);
                }
                // loss ≥ 0, so its positive entries are its non-zero ones: libnd4j's count_nonzero reads [B,w,M] in
                // 0.5 ms where match_condition(> 0) takes 19 ms (3·2²⁰ FLOAT entries, 2 threads)
                active += Nd4j.getExecutioner().exec(new CountNonZero(loss)).getDouble(0);
                rowSums.addi(Rows.sums(loss.reshape(b, (long) w * m)));
                if (withGradient) {
                    // dΣ/dD_an = −wt: [z + m > 0] is where the hinge's loss is positive (loss is not needed any more)
                    INDArray wt = soft ? Transforms.sigmoid(z, false) : Transforms.step(loss, false);
                    if (soft && valid != null) {
                        wt.muli(valid);
                    }
                    p.addAt(g, Rows.sums(wt.reshape((long) b * w, m)).reshape(b, w)).subi(wt.sum(1));
                }
            }
        }
        if (active == 0) {
            return new Forward(rowSums, g);      // every triplet satisfied: a zero score, quietly
        }
        double scale = b / active;
        return new Forward(rowSums.muli(scale), withGradient ? g.muli(scale) : null);
    }

    private long blockElements() {
        return blockElements > 0 ? blockElements : Selection.BLOCK_ELEMENTS;
    }

    @Override
    protected Distance distance() {
        return get(DISTANCE);
    }

    /** The miner of the {@code mining} option. */
    @Override
    protected Miner ownMiner() {
        switch (get(MINING)) {
            case ALL:
                return new AllPairsMiner();
            case HARD:
                return new BatchHardMiner();
            default:
                return new SemiHardMiner(blockElements);
        }
    }
}
