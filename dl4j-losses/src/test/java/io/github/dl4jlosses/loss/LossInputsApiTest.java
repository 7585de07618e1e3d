package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.samediff.SameDiffTwins;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a loss tells about its input: embeddings per row ({@code blocks()}) and its checks under another name. */
class LossInputsApiTest {

    @Test
    void blocksAreTheEmbeddingsOfARowAndTheTwinsBranches() {
        RankingLoss multi = LossMultiSampleTriplet.builder().with(LossMultiSampleTriplet.POSITIVES, 2)
                .with(LossMultiSampleTriplet.NEGATIVES, 3).build();
        RankingLoss[] losses = {new LossContrastive(), new LossTriplet(), multi, new LossNPair(), new LossInfoNCE(),
                new LossGeneralizedTriplet(), new LossBatchTriplet(), new LossMultiSimilarity(), new LossCircle(),
                new LossSupCon(), new LossLiftedStructure(), new CrossBatchMemory()};
        int[] expected = {2, 3, 6, 2, 2, 2, 1, 1, 1, 1, 1, 1};
        for (int i = 0; i < losses.length; i++) {
            assertEquals(expected[i], losses[i].blocks(), losses[i].name());
            assertEquals(expected[i], SameDiffTwins.of(losses[i]).branches(), losses[i].name());
        }
    }

    @Test
    void checkInputsNamesTheOwnerItIsGiven() {
        INDArray sevenWide = Nd4j.rand(DataType.DOUBLE, 4, 7);
        String m = assertThrows(IllegalArgumentException.class,
                () -> new LossTriplet().checkInputs("MyTwin", null, sevenWide)).getMessage();
        assertTrue(m.startsWith("MyTwin: ") && m.contains("[anchor | positive | negative]") && m.contains("7"), m);
        String direct = assertThrows(IllegalArgumentException.class,
                () -> new LossTriplet().computeScore(null, sevenWide,
                        org.nd4j.linalg.activations.Activation.IDENTITY.getActivationFunction(), null, true))
                .getMessage();
        assertEquals(m.replaceFirst("^MyTwin", "LossTriplet"), direct);
        INDArray labels = Nd4j.createFromArray(new double[][]{{0}, {1}, {0.5}, {1}});
        String c = assertThrows(IllegalArgumentException.class,
                () -> new LossContrastive().checkInputs("X", labels, Nd4j.rand(DataType.DOUBLE, 4, 6))).getMessage();
        assertTrue(c.startsWith("X: ") && c.contains("0.5"), c);
    }
}
