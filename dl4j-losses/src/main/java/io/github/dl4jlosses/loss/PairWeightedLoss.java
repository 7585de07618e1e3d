package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.mining.AllPairsMiner;
import io.github.dl4jlosses.mining.AnchorPairs;
import io.github.dl4jlosses.mining.DefaultMining;
import io.github.dl4jlosses.mining.LabelledDistances;
import io.github.dl4jlosses.mining.Mined;
import io.github.dl4jlosses.mining.Miner;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Base of the labelled-batch losses that weigh every mined pair of an anchor against all its others
 * ({@link LossCircle}, {@link LossSupCon}, {@link LossLiftedStructure}): an anchor counts when it has both a
 * positive and a negative among the pairs, the loss is the mean over those anchors, and without a {@code miner}
 * every pair is mined ({@link AllPairsMiner}). A batch in which no anchor counts scores 0 (one warning).
 */
public abstract class PairWeightedLoss extends LabelledBatchLoss {

    /** A loss with the options of {@code schema}, each at its default. */
    protected PairWeightedLoss(List<Option<?>> schema) {
        super(schema);
    }

    /**
     * The loss on the anchors that count.
     *
     * @param distances anchors × references {@code [B, M]} (the loss's distance)
     * @param pairs     the mined positives and negatives of the anchors that count, and the mean's scale
     * @return per-anchor contributions {@code [B,1]} and, if asked, their gradient with respect to
     *         {@code distances}
     */
    protected abstract Forward forwardPairs(INDArray distances, AnchorPairs pairs, boolean withGradient);

    @Override
    protected final Forward forwardMined(LabelledDistances batch, Mined mined, boolean withGradient) {
        AnchorPairs pairs = mined.anchorPairs();
        if (pairs.anchors == 0) {
            warnDegenerate("no anchor has both a positive and a negative" + (get(MINER) instanceof DefaultMining
                    ? "" : " among the mined pairs") + " (" + batch.queries()
                    + " row(s), one class or no repeated class?)" + SCORES_ZERO);
            return null;
        }
        return forwardPairs(batch.distances, pairs, withGradient);
    }

    /** Every pair of each anchor that has a positive and a negative. */
    @Override
    protected final Miner ownMiner() {
        return new AllPairsMiner();
    }
}
