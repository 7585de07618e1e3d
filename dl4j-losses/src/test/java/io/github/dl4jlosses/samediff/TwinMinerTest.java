package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossSupCon;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import io.github.dl4jlosses.loss.LossCircle;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.mining.BatchHardMiner;
import io.github.dl4jlosses.mining.MultiSimilarityMiner;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A twin mines in its graph: given another miner it refuses clearly instead of silently ignoring it. */
class TwinMinerTest {

    @Test
    void twinsRefuseAMinerTheyCannotRunAndAcceptTheirOwnMining() {
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 1, 8, 3);
        INDArray ids = RandomArrays.classIds(DataType.DOUBLE, 1, 8, 3);
        List<ILossFunction> withMiner = List.of(
                new SDLossBatchTriplet(LossBatchTriplet.builder()
                        .with(LossBatchTriplet.MINER, new BatchHardMiner()).build()),
                new SDLossMultiSimilarity(LossMultiSimilarity.builder()
                        .with(LossMultiSimilarity.MINER, new BatchHardMiner()).build()),
                new SDLossCircle(LossCircle.builder().with(LossCircle.MINER, new MultiSimilarityMiner(0.2)).build()),
                new SDLossSupCon(LossSupCon.builder().with(LossSupCon.MINER, new BatchHardMiner()).build()),
                new SDLossLiftedStructure(LossLiftedStructure.builder()
                        .with(LossLiftedStructure.MINER, new BatchHardMiner()).build()));
        for (ILossFunction twin : withMiner) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    twin.computeScore(ids, x, Activation.IDENTITY.getActivationFunction(), null, true));
            assertTrue(e.getMessage().contains("miner") && e.getMessage().contains("Miner("), e.getMessage());
        }
        double own = new SDLossBatchTriplet().computeScore(ids, x, Activation.IDENTITY.getActivationFunction(), null, true);
        double analytic = new io.github.dl4jlosses.loss.LossBatchTriplet()
                .computeScore(ids, x, Activation.IDENTITY.getActivationFunction(), null, true);
        assertEquals(analytic, own, 1e-10);
    }
}
