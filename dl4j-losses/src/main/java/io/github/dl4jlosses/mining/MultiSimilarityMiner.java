package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.Option;
import io.github.dl4jlosses.ops.Broadcast;
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
        INDArray positives = batch.positives.dup();
        INDArray negatives = batch.negatives.dup();
        // Only the hardest values (and whether there is one) are needed, not where they are: no argmax.
        if (batch.distance == Distance.COSINE) {
            INDArray s = batch.distances.rsub(1.0);
            Selection.Extreme hardestNegative = Selection.extreme(s, negatives, true);
            Selection.Extreme hardestPositive = Selection.extreme(s, positives, false);
            keep(positives, s.sub(epsilon).lt(hardestNegative.value), hardestNegative.found);
            keep(negatives, s.add(epsilon).gt(hardestPositive.value), hardestPositive.found);
        } else {
            INDArray d = batch.distances;
            Selection.Extreme hardestNegative = Selection.extreme(d, negatives, false);
            Selection.Extreme hardestPositive = Selection.extreme(d, positives, true);
            keep(positives, d.add(epsilon).gt(hardestNegative.value), hardestNegative.found);
            keep(negatives, d.sub(epsilon).lt(hardestPositive.value), hardestPositive.found);
        }
        return Mined.pairs(positives, negatives, null);
    }

    /** {@code mask ← mask · rule · found} (rule a comparison's result, found a column). */
    private static void keep(INDArray mask, INDArray rule, INDArray found) {
        Broadcast.muliColumn(mask.muli(rule.castTo(mask.dataType())), found);
    }

    @Override
    Object[] parameters() {
        return new Object[]{epsilon};
    }
}
