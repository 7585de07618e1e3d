package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff twin of {@link LossGeneralizedTriplet}: {@code (1/N') Σ_i relu(d(a_i,p_i) − min_{j ∈ neg(i)} d(a_i,p_j) + m)}
 * on a pair batch, defined by {@link SDPairBatchLosses#generalizedTriplet} and differentiated by SameDiff.
 * Same options, defaults and input checks as {@link LossGeneralizedTriplet}.
 */
public class SDLossGeneralizedTriplet extends SDPairBatchLoss<LossGeneralizedTriplet> {

    /** The defaults of {@link LossGeneralizedTriplet}. */
    public SDLossGeneralizedTriplet() {
        super(new LossGeneralizedTriplet());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossGeneralizedTriplet(LossGeneralizedTriplet loss) {
        super(loss);
    }

    @Override
    SDLossOutput definePairs(SameDiff sd, String name, SDVariable anchors, SDVariable positives, SDVariable classIds) {
        return SDPairBatchLosses.generalizedTriplet(sd, name, anchors, positives, classIds,
                loss.get(LossGeneralizedTriplet.MARGIN), loss.get(LossGeneralizedTriplet.DISTANCE));
    }
}
