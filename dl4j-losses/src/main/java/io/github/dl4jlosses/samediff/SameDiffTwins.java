package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.CrossBatchMemory;
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
            return new SDLossContrastive((LossContrastive) loss);
        }
        if (loss instanceof LossTriplet) {
            return new SDLossTriplet((LossTriplet) loss);
        }
        if (loss instanceof LossMultiSampleTriplet) {
            return new SDLossMultiSampleTriplet((LossMultiSampleTriplet) loss);
        }
        if (loss instanceof LossGeneralizedTriplet) {
            return new SDLossGeneralizedTriplet((LossGeneralizedTriplet) loss);
        }
        if (loss instanceof LossNPair) {
            return new SDLossNPair((LossNPair) loss);
        }
        if (loss instanceof LossInfoNCE) {
            return new SDLossInfoNCE((LossInfoNCE) loss);
        }
        if (loss instanceof LossBatchTriplet) {
            return new SDLossBatchTriplet((LossBatchTriplet) loss);
        }
        if (loss instanceof LossMultiSimilarity) {
            return new SDLossMultiSimilarity((LossMultiSimilarity) loss);
        }
        if (loss instanceof LossCircle) {
            return new SDLossCircle((LossCircle) loss);
        }
        if (loss instanceof LossSupCon) {
            return new SDLossSupCon((LossSupCon) loss);
        }
        if (loss instanceof LossLiftedStructure) {
            return new SDLossLiftedStructure((LossLiftedStructure) loss);
        }
        if (loss instanceof CrossBatchMemory) {
            return new SDCrossBatchMemory((CrossBatchMemory) loss);
        }
        throw new IllegalArgumentException("SameDiffTwins: no SameDiff twin for "
                + (loss == null ? "null" : loss.getClass().getName()));
    }
}
