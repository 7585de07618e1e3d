package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.function.Function;

/**
 * SameDiff twin of {@link LossLiftedStructure}: the generalized lifted structure loss on a labelled batch, defined by
 * {@link SDPairWeightedLosses#liftedStructure} and differentiated by SameDiff. Same options, defaults and input checks as
 * {@link LossLiftedStructure}: the twin holds the {@link LossLiftedStructure} it mirrors and reads its options from it.
 */
public class SDLossLiftedStructure extends SDLabelledBatchLoss<LossLiftedStructure> {

    /** The defaults of {@link LossLiftedStructure}. */
    public SDLossLiftedStructure() {
        super(new LossLiftedStructure());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossLiftedStructure(LossLiftedStructure loss) {
        super(loss);
    }

    @Override
    SDLossOutput definePairs(SameDiff sd, String name, Function<Distance, SDPairs> pairs, SDVariable slotIndex,
                             SDVariable slotValid) {
        return SDPairWeightedLosses.liftedStructure(name, sd, pairs.apply(loss.get(LossLiftedStructure.DISTANCE)),
                loss.get(LossLiftedStructure.MARGIN_POSITIVE), loss.get(LossLiftedStructure.MARGIN_NEGATIVE));
    }
}
