package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossCircle;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import io.github.dl4jlosses.loss.LossInfoNCE;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import io.github.dl4jlosses.loss.LossNPair;
import io.github.dl4jlosses.loss.LossSupCon;
import io.github.dl4jlosses.loss.LossTriplet;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Maps an analytic loss of this library to its SameDiff twin with the same options, e.g. to train a
 * model with autodiff'd gradients, or to cross-check the two.
 */
public final class SameDiffTwins {
    private SameDiffTwins() {
    }

    /**
     * The SameDiff twin of {@code loss}.
     *
     * @throws IllegalArgumentException for a loss that has no twin (not one of this library's losses)
     */
    public static SameDiffRankingLoss of(ILossFunction loss) {
        if (loss instanceof LossContrastive) {
            return SDLossContrastive.of((LossContrastive) loss);
        }
        if (loss instanceof LossTriplet) {
            return SDLossTriplet.of((LossTriplet) loss);
        }
        if (loss instanceof LossMultiSampleTriplet) {
            return SDLossMultiSampleTriplet.of((LossMultiSampleTriplet) loss);
        }
        if (loss instanceof LossGeneralizedTriplet) {
            return SDLossGeneralizedTriplet.of((LossGeneralizedTriplet) loss);
        }
        if (loss instanceof LossNPair) {
            return SDLossNPair.of((LossNPair) loss);
        }
        if (loss instanceof LossInfoNCE) {
            return SDLossInfoNCE.of((LossInfoNCE) loss);
        }
        if (loss instanceof LossBatchTriplet) {
            return SDLossBatchTriplet.of((LossBatchTriplet) loss);
        }
        if (loss instanceof LossMultiSimilarity) {
            return SDLossMultiSimilarity.of((LossMultiSimilarity) loss);
        }
        if (loss instanceof LossCircle) {
            return SDLossCircle.of((LossCircle) loss);
        }
        if (loss instanceof LossSupCon) {
            return SDLossSupCon.of((LossSupCon) loss);
        }
        if (loss instanceof LossLiftedStructure) {
            return SDLossLiftedStructure.of((LossLiftedStructure) loss);
        }
        throw new IllegalArgumentException("SameDiffTwins: no SameDiff twin for "
                + (loss == null ? "null" : loss.getClass().getName()));
    }
}
