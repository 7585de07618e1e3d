package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossInfoNCE;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff twin of {@link LossInfoNCE}: cross-entropy of {@code cos(a_i,p_j)/τ} with the diagonal as target
 * (optionally symmetric) on a pair batch, defined by {@link SDPairBatchLosses#infoNCE} and differentiated by
 * SameDiff. Same options, defaults and input checks as {@link LossInfoNCE}.
 */
public class SDLossInfoNCE extends SDPairBatchLoss<LossInfoNCE> {

    /** The defaults of {@link LossInfoNCE}. */
    public SDLossInfoNCE() {
        super(new LossInfoNCE());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossInfoNCE(LossInfoNCE loss) {
        super(loss);
    }

    @Override
    SDLossOutput definePairs(SameDiff sd, String name, SDVariable anchors, SDVariable positives, SDVariable classIds) {
        return SDPairBatchLosses.infoNCE(sd, name, anchors, positives, classIds, loss.get(LossInfoNCE.TEMPERATURE),
                loss.get(LossInfoNCE.SYMMETRIC));
    }
}
