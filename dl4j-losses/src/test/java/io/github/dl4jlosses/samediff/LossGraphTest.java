package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LossGraph} directly: its per-example output is the twin's loss times the mask, its gradient that of the
 * masked sum, and a graph that never reads its labels (the triplet loss) accepts them without SameDiff refusing an
 * unused placeholder.
 */
class LossGraphTest {

    @Test
    void perExampleIsTheLossTimesTheMaskAndTheGradientThatOfTheirSum() {
        SameDiffRankingLoss twin = new SDLossContrastive(new LossContrastive());
        INDArray out = RandomArrays.gaussian(DataType.DOUBLE, 1, 6, 8);
        INDArray labels = RandomArrays.binaryLabels(DataType.DOUBLE, 2, 6);
        INDArray mask = Nd4j.createFromArray(1.0, 0.0, 1.0, 1.0, 0.0, 1.0).reshape(6, 1);
        LossGraph graph = LossGraph.build(twin, DataType.DOUBLE);
        INDArray[] r = graph.perExampleAndGradient(out, labels, mask, Collections.emptyMap());
        INDArray unmasked = twin.computeScoreArray(labels, out, Activation.IDENTITY.getActivationFunction(), null);
        assertEquals(unmasked.mul(mask), r[0]);
        assertEquals(r[0], graph.perExample(out, labels, mask, Collections.emptyMap()));
        INDArray gradient = twin.computeGradient(labels, out, Activation.IDENTITY.getActivationFunction(), mask);
        assertTrue(gradient.equalsWithEps(r[1], 1e-12), "gradient of the masked sum");
        assertEquals(0.0, r[1].getRow(1).norm2Number().doubleValue(), 0.0);
    }

    @Test
    void aGraphThatIgnoresItsLabelsStillTakesThem() {
        SameDiffRankingLoss twin = new SDLossTriplet(new LossTriplet());
        INDArray out = RandomArrays.gaussian(DataType.DOUBLE, 3, 5, 9);
        LossGraph graph = LossGraph.build(twin, DataType.DOUBLE);
        INDArray withLabels = graph.perExample(out, Nd4j.ones(DataType.DOUBLE, 5, 1), Nd4j.ones(DataType.DOUBLE, 5, 1),
                Collections.emptyMap());
        assertEquals(twin.computeScoreArray(null, out, Activation.IDENTITY.getActivationFunction(), null), withLabels);
        assertTrue(withLabels.sumNumber().doubleValue() > 0);
    }
}
