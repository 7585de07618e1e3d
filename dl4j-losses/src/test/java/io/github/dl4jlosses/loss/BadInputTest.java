package io.github.dl4jlosses.loss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input of DESIGN.md gets an IllegalArgumentException naming the loss, the expectation and what came. */
class BadInputTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();

    static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message «" + e.getMessage() + "» should contain «" + f + "»");
        }
    }

    private static INDArray zeros(long... shape) {
        return Nd4j.zeros(DataType.DOUBLE, shape);
    }

    @Test
    void widthNotDivisibleIntoTheTuple() {
        assertRejected(() -> new LossContrastive().computeScore(zeros(4, 1), zeros(4, 7), ID, null, true),
                "LossContrastive", "[B, 2·D]", "[4, 7]");
        assertRejected(() -> new LossTriplet().computeGradient(zeros(4, 1), zeros(4, 8), ID, null),
                "LossTriplet", "[B, 3·D]", "[4, 8]");
        assertRejected(() -> LossMultiSampleTriplet.builder().with(LossMultiSampleTriplet.POSITIVES, 2)
                .with(LossMultiSampleTriplet.NEGATIVES, 2).build()
                        .computeScoreArray(zeros(4, 1), zeros(4, 12), ID, null),
                "LossMultiSampleTriplet", "[B, 5·D]", "[4, 12]", "2 positives", "2 negatives");
    }

    @Test
    void labelRowsDifferFromPreOutputRows() {
        assertRejected(() -> new LossContrastive().computeScore(zeros(3, 1), zeros(4, 6), ID, null, true),
                "LossContrastive", "4 rows", "[3, 1]");
        assertRejected(() -> new LossTriplet().computeScore(zeros(5, 1), zeros(4, 6), ID, null, true),
                "LossTriplet", "4 rows", "[5, 1]");
        assertRejected(() -> new LossMultiSampleTriplet().computeScore(zeros(2, 1), zeros(4, 6), ID, null, true),
                "LossMultiSampleTriplet", "4 rows", "[2, 1]");
    }

    @Test
    void contrastiveLabelOtherThanZeroOrOne() {
        INDArray labels = Nd4j.createFromArray(new double[][]{{1}, {0}, {0.5}, {1}});
        assertRejected(() -> new LossContrastive().computeScore(labels, zeros(4, 6), ID, null, true),
                "LossContrastive", "0 or 1", "0.5", "row 2");
        INDArray two = Nd4j.createFromArray(new double[][]{{2}, {0}});
        assertRejected(() -> new LossContrastive().computeGradient(two, zeros(2, 6), ID, null),
                "LossContrastive", "0 or 1", "2.0", "row 0");
        assertRejected(() -> new LossContrastive().computeGradient(zeros(2, 2), zeros(2, 6), ID, null),
                "LossContrastive", "[2, 1]", "[2, 2]");
        assertRejected(() -> LossContrastive.builder()
                .with(LossContrastive.SIMILAR_LABEL, 2).build(), "LossContrastive", "similarLabel", "2");
    }

    @Test
    void negativeMarginsAndCounts() {
        assertRejected(() -> LossTriplet.builder()
                .with(LossTriplet.MARGIN, -0.1).build(), "LossTriplet", "margin", ">= 0", "-0.1");
        assertRejected(() -> LossContrastive.builder()
                .with(LossContrastive.MARGIN_NEGATIVE, -1).build(), "LossContrastive", "marginNegative", "-1.0");
        assertRejected(() -> LossContrastive.builder()
                .with(LossContrastive.MARGIN_POSITIVE, Double.NaN).build(), "LossContrastive", "marginPositive", "NaN");
        assertRejected(() -> LossMultiSampleTriplet.builder()
                .with(LossMultiSampleTriplet.MARGIN, -2).build(), "LossMultiSampleTriplet", "margin");
        assertRejected(() -> LossMultiSampleTriplet.builder()
                .with(LossMultiSampleTriplet.POSITIVES, 0).build(), "LossMultiSampleTriplet", "positives", "0");
        assertRejected(() -> LossTriplet.builder()
                .with(LossTriplet.DISTANCE, null).build(), "LossTriplet", "distance", "null");
    }

    @Test
    void badMaskAndPreOutputShapes() {
        assertRejected(() -> new LossTriplet().computeScore(zeros(4, 1), zeros(4, 6), ID, zeros(3, 1), true),
                "LossTriplet", "mask", "[4, 1]", "[3, 1]");
        assertRejected(() -> new LossTriplet().computeScore(zeros(4, 1), zeros(4, 3, 2), ID, null, true),
                "LossTriplet", "rank-2", "[4, 3, 2]");
        assertRejected(() -> new LossTriplet().computeScore(null, null, ID, null, true), "LossTriplet", "preOutput", "null");
        // an integer preOutput would divide by zero in native code (cosine), not throw
        assertRejected(() -> new LossContrastive().computeScore(zeros(2, 1), Nd4j.zeros(DataType.INT, 2, 6), ID, null, true),
                "LossContrastive", "floating-point", "INT");
    }
}
