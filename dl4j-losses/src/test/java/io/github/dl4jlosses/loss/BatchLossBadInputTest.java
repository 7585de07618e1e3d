package io.github.dl4jlosses.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static io.github.dl4jlosses.loss.BadInputTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every bad input of DESIGN.md that applies to the in-batch and mined losses gets an
 * IllegalArgumentException naming the loss, what was expected and what came.
 */
class BatchLossBadInputTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();

    private static INDArray zeros(long... shape) {
        return Nd4j.zeros(DataType.DOUBLE, shape);
    }

    private static INDArray ids(double... v) {
        double[][] c = new double[v.length][1];
        for (int i = 0; i < v.length; i++) c[i][0] = v[i];
        return Nd4j.createFromArray(c);
    }

    @Test
    void fewerThanTwoRowsWhereInBatchNegativesAreNeeded() {
        assertRejected(() -> new LossGeneralizedTriplet().computeScore(ids(0), zeros(1, 4), ID, null, true),
                "LossGeneralizedTriplet", "at least 2 rows", "got 1 row", "[1, 4]");
        assertRejected(() -> new LossNPair().computeGradient(ids(0), zeros(1, 4), ID, null),
                "LossNPair", "at least 2 rows", "[1, 4]");
        assertRejected(() -> new LossInfoNCE().computeScoreArray(null, zeros(1, 4), ID, null),
                "LossInfoNCE", "at least 2 rows", "[1, 4]");
        assertRejected(() -> new LossBatchTriplet().computeScore(ids(0), zeros(1, 3), ID, null, true),
                "LossBatchTriplet", "at least 2 rows", "[1, 3]");
        assertRejected(() -> new LossMultiSimilarity().computeGradientAndScore(ids(0), zeros(1, 3), ID, null, true),
                "LossMultiSimilarity", "at least 2 rows", "[1, 3]");
    }

    /**
     * InfoNCE's (and N-pair's squared) norms of FLOAT rows of 1e20 overflow (their squares pass FLOAT's 3.4e38): an error that says so and
     * what to do, not unit rows of zero and a wrong loss; rows of 1e18 still normalise.
     */
    @Test
    void infoNceRowsWhoseNormsOverflow() {
        INDArray huge = Nd4j.rand(DataType.FLOAT, 4, 6).addi(0.5).muli(1e20);
        assertRejected(() -> new LossInfoNCE().computeGradientAndScore(null, huge, ID, null, true),
                "LossInfoNCE", "overflowed", "scale the embeddings down");
        // N-pair checks through its L2 term's squared norms (on the host where the Vector API is on): the same words
        assertRejected(() -> new LossNPair().computeGradientAndScore(null, huge, ID, null, true),
                "LossNPair", "overflowed", "scale the embeddings down");
        INDArray large = huge.div(100);
        double expected = new LossInfoNCE().computeScore(null, large.div(1e18), ID, null, true);
        assertEquals(expected, new LossInfoNCE().computeScore(null, large, ID, null, true), 1e-5 * expected,
                "cosine logits do not change with the rows' scale");
    }

    @Test
    void pairBatchWidthNotDivisibleByTwo() {
        assertRejected(() -> new LossGeneralizedTriplet().computeScore(ids(0, 1, 2), zeros(3, 5), ID, null, true),
                "LossGeneralizedTriplet", "[B, 2·D]", "[anchor | positive]", "[3, 5]");
        assertRejected(() -> new LossNPair().computeScore(ids(0, 1, 2), zeros(3, 7), ID, null, true),
                "LossNPair", "[B, 2·D]", "[3, 7]");
        assertRejected(() -> new LossInfoNCE().computeGradient(ids(0, 1, 2), zeros(3, 1), ID, null),
                "LossInfoNCE", "[B, 2·D]", "[3, 1]");
    }

    @Test
    void labelRowsDifferFromPreOutputRows() {
        assertRejected(() -> new LossGeneralizedTriplet().computeScore(ids(0, 1), zeros(3, 4), ID, null, true),
                "LossGeneralizedTriplet", "[3, 1]", "[2, 1]");
        assertRejected(() -> LossNPair.builder()
                .with(LossNPair.USE_CLASS_IDS, false).build().computeScore(ids(0, 1), zeros(3, 4), ID, null, true),
                "LossNPair", "3 rows", "[2, 1]");
        assertRejected(() -> new LossInfoNCE().computeScore(ids(0, 1, 2, 3), zeros(3, 4), ID, null, true),
                "LossInfoNCE", "[3, 1]", "[4, 1]");
        assertRejected(() -> new LossBatchTriplet().computeScore(ids(0, 1), zeros(3, 2), ID, null, true),
                "LossBatchTriplet", "[3, 1]", "one-hot [3, C]", "[2, 1]");
        assertRejected(() -> new LossMultiSimilarity().computeScore(zeros(4, 3), zeros(3, 2), ID, null, true),
                "LossMultiSimilarity", "[3, 1]", "[4, 3]");
    }

    @Test
    void labelledBatchNeedsLabels() {
        assertRejected(() -> new LossBatchTriplet().computeScore(null, zeros(3, 2), ID, null, true),
                "LossBatchTriplet", "class ids [3, 1]", "got null");
        assertRejected(() -> new LossMultiSimilarity().computeGradient(null, zeros(3, 2), ID, null),
                "LossMultiSimilarity", "got null");
    }

    @Test
    void badOneHotLabels() {
        INDArray twoOnes = Nd4j.createFromArray(new double[][]{{1, 0}, {1, 1}, {0, 1}});
        assertRejected(() -> new LossBatchTriplet().computeScore(twoOnes, zeros(3, 2), ID, null, true),
                "LossBatchTriplet", "one-hot", "exactly one 1 per row", "row 1", "[1.0, 1.0]");
        INDArray noOne = Nd4j.createFromArray(new double[][]{{1, 0}, {0, 1}, {0, 0}});
        assertRejected(() -> new LossMultiSimilarity().computeScore(noOne, zeros(3, 2), ID, null, true),
                "LossMultiSimilarity", "one-hot", "row 2", "[0.0, 0.0]");
        INDArray fraction = Nd4j.createFromArray(new double[][]{{0.5, 0.5}, {0, 1}, {1, 0}});
        assertRejected(() -> new LossInfoNCE().computeScore(fraction, zeros(3, 4), ID, null, true),
                "LossInfoNCE", "one-hot", "row 0", "[0.5, 0.5]");
        INDArray negative = Nd4j.createFromArray(new double[][]{{2, -1}, {0, 1}, {1, 0}});
        assertRejected(() -> new LossNPair().computeScore(negative, zeros(3, 4), ID, null, true),
                "LossNPair", "one-hot", "row 0");
    }

    @Test
    void nonFiniteClassIds() {
        assertRejected(() -> new LossBatchTriplet().computeScore(ids(0, Double.NaN, 1), zeros(3, 2), ID, null, true),
                "LossBatchTriplet", "finite class labels", "NaN", "row 1");
        assertRejected(() -> new LossGeneralizedTriplet().computeScore(ids(0, 1, Double.POSITIVE_INFINITY), zeros(3, 4), ID, null, true),
                "LossGeneralizedTriplet", "finite class labels", "Infinity", "row 2");
        INDArray oneHot = Nd4j.createFromArray(new double[][]{{1, 0}, {0, 1}, {Double.NaN, 0}});
        assertRejected(() -> new LossBatchTriplet().computeScore(oneHot, zeros(3, 2), ID, null, true),
                "LossBatchTriplet", "finite class labels", "NaN", "row 2");
    }

    @Test
    void nonPositiveTemperature() {
        assertRejected(() -> LossInfoNCE.builder()
                .with(LossInfoNCE.TEMPERATURE, 0).build(), "LossInfoNCE", "temperature", ">= 0.0001", "0.0");
        assertRejected(() -> LossInfoNCE.builder()
                .with(LossInfoNCE.TEMPERATURE, 1e-320).build(), "LossInfoNCE", "temperature", "1.0E-320");
        assertRejected(() -> LossInfoNCE.builder()
                .with(LossInfoNCE.TEMPERATURE, -0.1).build(), "LossInfoNCE", "temperature", "-0.1");
        assertRejected(() -> LossInfoNCE.builder()
                .with(LossInfoNCE.TEMPERATURE, Double.NaN).build(), "LossInfoNCE", "temperature", "NaN");
    }

    @Test
    void negativeMarginsAndOtherOptions() {
        assertRejected(() -> LossGeneralizedTriplet.builder()
                .with(LossGeneralizedTriplet.MARGIN, -0.2).build(), "LossGeneralizedTriplet", "margin", ">= 0", "-0.2");
        assertRejected(() -> LossGeneralizedTriplet.builder()
                .with(LossGeneralizedTriplet.DISTANCE, null).build(), "LossGeneralizedTriplet", "distance", "null");
        assertRejected(() -> LossBatchTriplet.builder()
                .with(LossBatchTriplet.MARGIN, -1).build(), "LossBatchTriplet", "margin", "-1.0");
        assertRejected(() -> LossBatchTriplet.builder()
                .with(LossBatchTriplet.MINING, null).build(), "LossBatchTriplet", "mining", "null");
        assertRejected(() -> LossNPair.builder()
                .with(LossNPair.LAMBDA, -0.001).build(), "LossNPair", "lambda", "-0.001");
        assertRejected(() -> LossMultiSimilarity.builder()
                .with(LossMultiSimilarity.ALPHA, 0).build(), "LossMultiSimilarity", "alpha", "> 0");
        assertRejected(() -> LossMultiSimilarity.builder()
                .with(LossMultiSimilarity.BETA, -50).build(), "LossMultiSimilarity", "beta", "-50.0");
        assertRejected(() -> LossMultiSimilarity.builder()
                .with(LossMultiSimilarity.EPSILON, -0.1).build(), "LossMultiSimilarity", "epsilon", "-0.1");
        assertRejected(() -> LossMultiSimilarity.builder()
                .with(LossMultiSimilarity.LAMBDA, Double.NaN).build(), "LossMultiSimilarity", "lambda", "NaN");
        assertRejected(() -> LossCircle.builder()
                .with(LossCircle.MARGIN, -0.25).build(), "LossCircle", "margin", ">= 0", "-0.25");
        assertRejected(() -> LossCircle.builder()
                .with(LossCircle.GAMMA, 0).build(), "LossCircle", "gamma", "> 0", "0.0");
        assertRejected(() -> LossCircle.builder()
                .with(LossCircle.GAMMA, Double.POSITIVE_INFINITY).build(), "LossCircle", "gamma", "Infinity");
        assertRejected(() -> LossSupCon.builder()
                .with(LossSupCon.TEMPERATURE, 0).build(), "LossSupCon", "temperature", ">= 0.0001", "0.0");
        assertRejected(() -> LossSupCon.builder()
                .with(LossSupCon.TEMPERATURE, -0.07).build(), "LossSupCon", "temperature", "-0.07");
        assertRejected(() -> LossLiftedStructure.builder()
                .with(LossLiftedStructure.MARGIN_NEGATIVE, -1).build(), "LossLiftedStructure",
                "marginNegative", ">= 0", "-1.0");
        assertRejected(() -> LossLiftedStructure.builder()
                .with(LossLiftedStructure.MARGIN_POSITIVE, Double.NaN).build(), "LossLiftedStructure",
                "marginPositive", "NaN");
        assertRejected(() -> LossLiftedStructure.builder()
                .with(LossLiftedStructure.DISTANCE, null).build(), "LossLiftedStructure", "distance", "null");
    }

    @Test
    void badMask() {
        assertRejected(() -> new LossBatchTriplet().computeScore(ids(0, 1, 0), zeros(3, 2), ID, zeros(2, 1), true),
                "LossBatchTriplet", "mask", "[3, 1]", "[2, 1]");
        assertRejected(() -> new LossInfoNCE().computeScore(ids(0, 1, 0), zeros(3, 4), ID, zeros(3, 2), true),
                "LossInfoNCE", "mask", "[3, 1]", "[3, 2]");
    }
}
