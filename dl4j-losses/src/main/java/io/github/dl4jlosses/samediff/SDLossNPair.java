package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossNPair;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff twin of {@link LossNPair}: the multi-class N-pair loss with its L2 embedding term on a pair
 * batch, defined by {@link SDPairBatchLosses#nPair} and differentiated by SameDiff. Same options, defaults
 * and input checks as {@link LossNPair}.
 */
public class SDLossNPair extends SDPairBatchLoss<LossNPair> {

    /** The defaults of {@link LossNPair}. */
    public SDLossNPair() {
        super(new LossNPair());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossNPair(LossNPair loss) {
        super(loss);
    }

    @Override
    SDLossOutput definePairs(SameDiff sd, String name, SDVariable anchors, SDVariable positives, SDVariable classIds) {
        return SDPairBatchLosses.nPair(sd, name, anchors, positives, classIds, loss.get(LossNPair.LAMBDA));
    }
}
