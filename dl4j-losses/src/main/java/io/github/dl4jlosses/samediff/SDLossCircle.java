package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossCircle;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.function.Function;

/**
 * SameDiff twin of {@link LossCircle}: the circle loss on a labelled batch, defined by
 * {@link SDPairWeightedLosses#circle} and differentiated by SameDiff. Same options, defaults and input checks as
 * {@link LossCircle}: the twin holds the {@link LossCircle} it mirrors and reads its options from it.
 */
public class SDLossCircle extends SDLabelledBatchLoss<LossCircle> {

    /** The defaults of {@link LossCircle}. */
    public SDLossCircle() {
        super(new LossCircle());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossCircle(LossCircle loss) {
        super(loss);
    }

    @Override
    SDLossOutput definePairs(SameDiff sd, String name, Function<Distance, SDPairs> pairs, SDVariable slotIndex,
                             SDVariable slotValid) {
        return SDPairWeightedLosses.circle(name, sd, pairs.apply(Distance.COSINE), loss.get(LossCircle.MARGIN),
                loss.get(LossCircle.GAMMA), loss.get(LossCircle.DETACH_WEIGHTS));
    }
}
