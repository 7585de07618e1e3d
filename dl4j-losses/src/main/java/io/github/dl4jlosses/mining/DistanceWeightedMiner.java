package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.Option;
import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Distance-weighted sampling (Wu, Manmatha, Smola &amp; Krähenbühl 2017, "Sampling Matters in Deep Embedding
 * Learning"), as pytorch-metric-learning's {@code DistanceWeightedMiner}: for every anchor–positive pair one
 * negative drawn with probability proportional to the inverse density of distances between points on the unit
 * sphere in D dimensions, {@code q(d)^{-1}} with {@code log q(d) = (D − 2) log d + ((D − 3)/2) log(1 − d²/4)},
 * d clipped from below at {@code cutoff} (0.5: fewer very hard, noisy negatives) and negatives at
 * {@code d >= nonzeroLossCutoff} (1.4) left out (they would give a zero loss). Anchors without such a negative
 * have no triplet.
 * <p>
 * The formula assumes unit-length embeddings and their Euclidean distance: a Euclidean matrix is used as it is,
 * squared Euclidean through its square root, cosine {@code M} as {@code √(2M)} (equal for unit vectors);
 * Manhattan distances are refused. Draws come from ND4J's random generator ({@code Nd4j.getRandom()}), so
 * {@code Nd4j.getRandom().setSeed(…)} makes them repeatable. Sampling
 * draws by the Gumbel-max trick over blocks of {@code [B, slots, M]} uniform numbers: O(B·M) memory.
 */
public final class DistanceWeightedMiner extends MinerValue {
    private static final long serialVersionUID = 1L;

    /** The lower clip of distances (default 0.5). */
    public static final Option<Double> CUTOFF = Option.nonNegative("cutoff", 0.5);
    /** Negatives at or beyond this distance are not drawn (default 1.4). */
    public static final Option<Double> NONZERO_LOSS_CUTOFF = Option.positive("nonzeroLossCutoff", 1.4);
    private static final String NAME = "DistanceWeightedMiner";

    @JsonProperty("cutoff")
    private final double cutoff;
    @JsonProperty("nonzeroLossCutoff")
    private final double nonzeroLossCutoff;

    /** The miner with the given cutoffs (checked: finite, cutoff &gt;= 0, nonzeroLossCutoff &gt; cutoff). */
    @JsonCreator
    public DistanceWeightedMiner(@JsonProperty("cutoff") double cutoff,
                                 @JsonProperty("nonzeroLossCutoff") double nonzeroLossCutoff) {
        this.cutoff = CUTOFF.check(NAME, cutoff);
        this.nonzeroLossCutoff = NONZERO_LOSS_CUTOFF.check(NAME, nonzeroLossCutoff);
        if (nonzeroLossCutoff <= cutoff) {
            throw new IllegalArgumentException(String.format("%s: expected nonzeroLossCutoff > cutoff (%s), got %s",
                    NAME, cutoff, nonzeroLossCutoff));
        }
    }

    /** The paper's cutoffs, 0.5 and 1.4. */
    public DistanceWeightedMiner() {
        this(CUTOFF.defaultValue(), NONZERO_LOSS_CUTOFF.defaultValue());
    }

    @Override
    public Mined mine(LabelledDistances batch) {
        int b = (int) batch.queries();
        int m = (int) batch.references();
        DataType type = batch.dataType();
        DataType indexType = Selection.indexType(type);
        INDArray weights = weights(batch);                                            // [B,M] DOUBLE
        INDArray drawn = Rows.sums(weights).gt(0.0).castTo(type);                 // anchors with a negative
        PositiveSlots slots = batch.positiveSlots();
        if (slots.slots == 0) {
            return Mined.none(batch);
        }
        // Gumbel-max: argmax_j (log w_aj + G), G = −log(−log U), draws j with probability w_aj / Σ_j w_aj; entries
        // of weight 0 are pushed far below every other (a row without any weight is not drawn: valid 0).
        INDArray zero = weights.eq(0.0).castTo(DataType.DOUBLE);
        INDArray logWeights = Transforms.log(weights.add(zero), true).subi(zero.muli(1e300)).reshape(b, 1, m);
        INDArray negative = Nd4j.zeros(indexType, b, slots.slots);
        int block = (int) Selection.blockSize((long) b * m, slots.slots, Selection.BLOCK_ELEMENTS);
        for (int s0 = 0; s0 < slots.slots; s0 += block) {
            int s1 = Math.min(slots.slots, s0 + block);
            try (MemoryWorkspace ws = BlockWorkspace.open()) {
                INDArray u = Nd4j.rand(DataType.DOUBLE, b, s1 - s0, m);
                INDArray gumbel = Transforms.log(Transforms.log(u, false).negi(), false).negi();   // [B,w,M]
                INDArray index = Nd4j.argMax(gumbel.addi(logWeights), 2).castTo(indexType).reshape(b, s1 - s0);
                PositiveSlots.columns(negative, s0, s1).assign(index);
            }
        }
        INDArray valid = Broadcast.mulColumn(slots.valid(type), drawn);
        return Mined.triplets(new Mined.Triplets(slots.index(indexType), negative, valid), m);
    }

    /**
     * Unnormalised sampling weights {@code [B,M]} (DOUBLE): {@code q(d)^{-1}} scaled by each row's largest, on the
     * negatives closer than {@link #nonzeroLossCutoff}; 0 elsewhere.
     */
    INDArray weights(LabelledDistances batch) {
        INDArray e = unitEuclidean(batch).castTo(DataType.DOUBLE).dup();      // clipped in place below: a copy
        double dim = batch.dimension;
        INDArray allowed = batch.negatives.castTo(DataType.DOUBLE).mul(e.lt(nonzeroLossCutoff).castTo(DataType.DOUBLE));
        // clipped into [cutoff, nonzeroLossCutoff) ∩ (0, 2): both logarithms finite wherever a weight is kept
        double high = Math.min(nonzeroLossCutoff, 2 - 1e-6);
        INDArray c = Transforms.min(Transforms.max(e, Math.max(cutoff, 1e-12), false), high, false);
        INDArray logInverse = Transforms.log(c, true).muli(2.0 - dim)
                .subi(Transforms.log(c.mul(c).muli(-0.25).addi(1.0), false).muli((dim - 3) / 2));
        Selection.Pick top = Selection.max(logInverse, allowed);
        return Transforms.exp(Broadcast.subColumn(logInverse, top.value).muli(allowed), false).muli(allowed);
    }

    private static INDArray unitEuclidean(LabelledDistances batch) {
        switch (batch.distance) {
            case EUCLIDEAN:
                return batch.distances;
            case SQUARED_EUCLIDEAN:
                return Transforms.sqrt(batch.distances, true);
            case COSINE:
                return Transforms.sqrt(batch.distances.mul(2.0), false);
            default:
                throw new IllegalArgumentException(String.format("%s: expected a Euclidean, squared Euclidean or "
                        + "cosine distance (the weights are densities on the unit sphere), got %s", NAME, batch.distance));
        }
    }

    /** @return the lower clip of distances */
    public double getCutoff() {
        return cutoff;
    }

    /** @return the distance from which negatives are not drawn */
    public double getNonzeroLossCutoff() {
        return nonzeroLossCutoff;
    }

    @Override
    Object[] parameters() {
        return new Object[]{cutoff, nonzeroLossCutoff};
    }
}
