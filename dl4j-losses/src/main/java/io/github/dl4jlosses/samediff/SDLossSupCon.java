package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossSupCon;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.function.Function;

/**
 * SameDiff twin of {@link LossSupCon}: the supervised contrastive loss on a labelled batch, defined by
 * {@link SDPairWeightedLosses#supCon} and differentiated by SameDiff. Same options, defaults and input checks as
 * {@link LossSupCon}: the twin holds the {@link LossSupCon} it mirrors and reads its options from it.
 */
public class SDLossSupCon extends SDLabelledBatchLoss<LossSupCon> {

    /** The defaults of {@link LossSupCon}. */
    public SDLossSupCon() {
        super(new LossSupCon());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossSupCon(LossSupCon loss) {
        super(loss);
    }

    @Override
    SDLossOutput definePairs(SameDiff sd, String name, Function<Distance, SDPairs> pairs, SDVariable slotIndex,
                             SDVariable slotValid) {
        return SDPairWeightedLosses.supCon(name, sd, pairs.apply(Distance.COSINE), loss.get(LossSupCon.TEMPERATURE));
    }
}
