package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.function.Function;

/**
 * SameDiff twin of {@link LossMultiSimilarity}: the multi-similarity loss with its pair mining on a
 * labelled batch, defined by {@link SDLabelledBatchLosses#multiSimilarity} and differentiated by SameDiff.
 * Same options, defaults and input checks as {@link LossMultiSimilarity}: the twin holds the
 * {@link LossMultiSimilarity} it mirrors and reads its options from it.
 */
public class SDLossMultiSimilarity extends SDLabelledBatchLoss<LossMultiSimilarity> {

    /** The defaults of {@link LossMultiSimilarity}. */
    public SDLossMultiSimilarity() {
        super(new LossMultiSimilarity());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossMultiSimilarity(LossMultiSimilarity loss) {
        super(loss);
    }

    @Override
    SDLossOutput definePairs(SameDiff sd, String name, Function<Distance, SDPairs> pairs, SDVariable slotIndex,
                             SDVariable slotValid) {
        return SDLabelledBatchLosses.multiSimilarity(name, sd, pairs.apply(Distance.COSINE),
                loss.get(LossMultiSimilarity.ALPHA), loss.get(LossMultiSimilarity.BETA),
                        loss.get(LossMultiSimilarity.LAMBDA),
                loss.get(LossMultiSimilarity.EPSILON), loss.get(LossMultiSimilarity.MINE));
    }
}
