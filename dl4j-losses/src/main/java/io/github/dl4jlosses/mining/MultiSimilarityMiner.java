package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.Option;
import io.github.dl4jlosses.ops.VectorRows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Multi-similarity pair mining (Wang et al. 2019), as pytorch-metric-learning's {@code MultiSimilarityMiner}: on
 * similarities {@code S} (cosine distance {@code M} gives {@code S = 1 − M}) keep positive p of anchor a if
 * {@code S_ap − ε < max_n S_an}, and negative n if {@code S_an + ε > min_p S_ap}. With another distance the same
 * rule reads on distances: keep p if {@code D_ap + ε > min_n D_an}, n if {@code D_an − ε < max_p D_ap}. An anchor
 * without a negative keeps no positive and vice versa.
 */
public final class MultiSimilarityMiner extends MinerValue {
    private static final long serialVersionUID = 1L;

    /** The margin ε &gt;= 0 (default 0.1). */
    public static final Option<Double> EPSILON = Option.nonNegative("epsilon", 0.1);

    @JsonProperty("epsilon")
    private final double epsilon;

    /** The miner with margin ε (checked: a finite number &gt;= 0). */
    @JsonCreator
    public MultiSimilarityMiner(@JsonProperty("epsilon") double epsilon) {
        this.epsilon = EPSILON.check("MultiSimilarityMiner", epsilon);
    }

    /** The miner with the default ε = 0.1. */
    public MultiSimilarityMiner() {
        this(EPSILON.defaultValue());
    }

    /** @return the margin ε */
    public double getEpsilon() {
        return epsilon;
    }

    @Override
    public Mined mine(LabelledDistances batch) {
        // On the cosine distance the rules on similarities are the rules on distances (S = 1 − M: S_ap − ε <
        // max S_an ⟺ M_ap + ε > min M_an), so both read the distances; by libnd4j's ops their range, [0, 2] for
        // cosine, is measured once for any other distance. Only the hardest values (and whether there is one) are
        // needed: no argmax.
        INDArray d = batch.distances;
        // The positives of the anchors with a positive and a negative (an anchor without either keeps no pair
        // anyway), read on their own entries: [B,S] slots in a P×K batch.
        PositiveEntries candidates = batch.allPairs().positiveEntries();
        INDArray dPositive = candidates.of(d);
        if (VectorRows.acceptsOnHost(d, batch.negatives) && VectorRows.acceptsOnHost(dPositive, candidates.mask())) {
            return mineOnHost(d, batch.negatives, candidates, dPositive);
        }
        double bound = batch.distance == Distance.COSINE ? Distance.COSINE_BOUND : d.amaxNumber().doubleValue();
        Selection.Extreme hardestNegative = Selection.extreme(d, batch.negatives, false, bound);
        Selection.Extreme hardestPositive = Selection.extreme(dPositive, candidates.mask(), true, bound);
        // keep p where D_ap > min_n D_an − ε, n where D_an < max_p D_ap + ε; a row without the other kind gets a
        // threshold beyond every distance (above for the positives, below for the negatives), so it keeps none
        double beyond = 2 * bound + 1 + epsilon;
        DataType type = d.dataType();
        PositiveEntries positives = candidates.where(
                dPositive.gt(threshold(hardestNegative, -epsilon, beyond)).castTo(type));
        INDArray negatives = batch.negatives.mul(d.lt(threshold(hardestPositive, epsilon, -beyond)).castTo(type));
        return Mined.pairs(positives, negatives);
    }

    /**
     * The same rules in four row passes on the host (where libnd4j's generic natives take about twelve): each row's
     * nearest negative and farthest positive, then the entries beyond each threshold. A row without the other kind has
     * an infinite threshold, which no distance passes.
     */
    private Mined mineOnHost(INDArray d, INDArray negatives, PositiveEntries candidates, INDArray dPositive) {
        float[] nearestNegative = VectorRows.maskedExtremes(d, negatives, false);            // +∞ where none
        float[] farthestPositive = VectorRows.maskedExtremes(dPositive, candidates.mask(), true); // −∞ where none
        float margin = (float) epsilon;
        for (int a = 0; a < nearestNegative.length; a++) {
            nearestNegative[a] -= margin;
            farthestPositive[a] += margin;
        }
        PositiveEntries positives = candidates.narrowedTo(
                VectorRows.keepBeyond(dPositive, candidates.mask(), nearestNegative, true));
        return Mined.pairs(positives, VectorRows.keepBeyond(d, negatives, farthestPositive, false));
    }

    /**
     * {@code [B,1]}: a row's hardest value plus {@code shift} where it has one, else {@code beyond} (the hardest value
     * of such a row is 0).
     */
    private static INDArray threshold(Selection.Extreme hardest, double shift, double beyond) {
        return hardest.value.add(shift).muli(hardest.found).addi(hardest.found.rsub(1.0).muli(beyond));
    }

    @Override
    Object[] parameters() {
        return new Object[]{epsilon};
    }
}
