package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small cases worked out by hand (arithmetic in the comments). */
class HandWorkedLossTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();

    private static INDArray rows(double[]... r) {
        return Nd4j.createFromArray(r);
    }

    @Test
    void contrastiveEuclidean() {
        // x1 = (0,0), x2 = (3,4): d = 5.
        INDArray pre = rows(new double[]{0, 0, 3, 4}, new double[]{0, 0, 3, 4}, new double[]{0, 0, 3, 4});
        INDArray labels = rows(new double[]{1}, new double[]{0}, new double[]{0});
        LossContrastive loss = LossContrastive.builder().with(LossContrastive.MARGIN_NEGATIVE, 6).build();
        INDArray perRow = loss.computeScoreArray(labels, pre, ID, null);
        assertEquals(25.0, perRow.getDouble(0, 0), 1e-12); // similar: (5 - 0)^2
        assertEquals(1.0, perRow.getDouble(1, 0), 1e-12);  // dissimilar: (6 - 5)^2
        assertEquals((25.0 + 1 + 1) / 3, loss.computeScore(labels, pre, ID, null, true), 1e-12); // rows 1 and 2 are both dissimilar
        // a dissimilar pair already beyond the margin costs nothing
        assertEquals(0.0, new LossContrastive().computeScoreArray(labels, pre, ID, null).getDouble(1, 0), 0.0);
        // marginPositive 4: similar pair costs (5 - 4)^2 = 1
        assertEquals(1.0, LossContrastive.builder().with(LossContrastive.MARGIN_POSITIVE, 4).build()
                .computeScoreArray(labels, pre, ID, null).getDouble(0, 0), 1e-12);
        // gradient of the similar row: dL/dd = 2·5 = 10, dd/dx1 = (x1-x2)/5 = (-0.6,-0.8) -> (-6,-8), x2 gets (6,8)
        INDArray g = loss.computeGradient(labels, pre, ID, null);
        assertTrue(g.getRow(0).equalsWithEps(Nd4j.createFromArray(-6.0, -8.0, 6.0, 8.0), 1e-12), g.toString());
        // dissimilar row: dL/dd = -2·(6-5) = -2 -> x1 gets (0.6·2, 0.8·2)
        assertTrue(g.getRow(1).equalsWithEps(Nd4j.createFromArray(1.2, 1.6, -1.2, -1.6), 1e-12), g.toString());
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void contrastiveConventionsAgreeOnFlippedLabels(Distance d) {
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 5, 8, 6);
        INDArray labels = RandomArrays.binaryLabels(DataType.DOUBLE, 6, 8);
        LossContrastive tfa = LossContrastive.builder().with(LossContrastive.DISTANCE, d)
                .with(LossContrastive.SIMILAR_LABEL, 1).with(LossContrastive.MARGIN_POSITIVE, 0.1)
                .with(LossContrastive.MARGIN_NEGATIVE, 2).build();
        LossContrastive hadsell = LossContrastive.builder().with(LossContrastive.DISTANCE, d)
                .with(LossContrastive.SIMILAR_LABEL, 0).with(LossContrastive.MARGIN_POSITIVE, 0.1)
                .with(LossContrastive.MARGIN_NEGATIVE, 2).build();
        INDArray flipped = labels.rsub(1.0);
        assertEquals(tfa.computeScoreArray(labels, pre, ID, null), hadsell.computeScoreArray(flipped, pre, ID, null));
        assertEquals(tfa.computeGradient(labels, pre, ID, null), hadsell.computeGradient(flipped, pre, ID, null));
        // ...and they are not the same loss on the same labels (the convention matters)
        assertTrue(Math.abs(tfa.computeScore(labels, pre, ID, null, true)
                - hadsell.computeScore(labels, pre, ID, null, true)) > 1e-3);
    }

    @Test
    void tripletHingeSwapAndSoftMargin() {
        // a = (0,0), p = (1,0), n = (0,2): d_ap = 1, d_an = 2
        INDArray pre = rows(new double[]{0, 0, 1, 0, 0, 2});
        assertEquals(0.5, LossTriplet.builder()
                .with(LossTriplet.MARGIN, 1.5).build().computeScore(null, pre, ID, null, true), 1e-12);
        assertEquals(0.0, LossTriplet.builder()
                .with(LossTriplet.MARGIN, 0.5).build().computeScore(null, pre, ID, null, true), 0.0);
        // squared: 1 - 4 + 0.2 < 0
        assertEquals(0.0, LossTriplet.builder().with(LossTriplet.MARGIN, 0.2)
                .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build()
                .computeScore(null, pre, ID, null, true), 0.0);
        // soft margin: log(1 + e^(1-2)) = log(1 + 1/e) = 0.313261687518...
        assertEquals(Math.log1p(Math.exp(-1)), LossTriplet.builder().with(LossTriplet.SOFT_MARGIN, true).build()
                .computeScore(null, pre, ID, null, true), 1e-12);

        // n = (1,1): d_an = sqrt 2, d_pn = 1 < sqrt 2, so swap uses 1: 1 - 1 + 1 = 1; no swap: 2 - sqrt 2
        INDArray pre2 = rows(new double[]{0, 0, 1, 0, 1, 1});
        assertEquals(1.0, LossTriplet.builder()
                .with(LossTriplet.SWAP, true).build().computeScore(null, pre2, ID, null, true), 1e-12);
        assertEquals(2 - Math.sqrt(2), new LossTriplet().computeScore(null, pre2, ID, null, true), 1e-12);
    }

    @Test
    void tripletSquaredGradient() {
        // a=(0,0), p=(1,0), n=(0,1), m=1: z = 1 - 1 + 1 = 1 > 0.
        // dL/da = 2(a-p) - 2(a-n) = (-2,0) - (0,-2) = (-2,2); dL/dp = -2(a-p) = (2,0); dL/dn = 2(a-n) = (0,-2)
        INDArray pre = rows(new double[]{0, 0, 1, 0, 0, 1});
        LossTriplet loss = LossTriplet.builder().with(LossTriplet.MARGIN, 1)
                .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build();
        assertEquals(1.0, loss.computeScore(null, pre, ID, null, true), 1e-12);
        assertEquals(Nd4j.createFromArray(new double[][]{{-2, 2, 2, 0, 0, -2}}), loss.computeGradient(null, pre, ID, null));
    }

    @Test
    void multiSampleTriplet() {
        // a = 0; positives (1,0), (3,0): mean 2; negatives (0,4), (0,2), (0,3): mean 3; m = 1.5 -> 0.5
        INDArray pre = rows(new double[]{0, 0, 1, 0, 3, 0, 0, 4, 0, 2, 0, 3});
        LossMultiSampleTriplet loss = LossMultiSampleTriplet.builder().with(LossMultiSampleTriplet.POSITIVES, 2)
                .with(LossMultiSampleTriplet.NEGATIVES, 3).with(LossMultiSampleTriplet.MARGIN, 1.5).build();
        assertEquals(0.5, loss.computeScore(null, pre, ID, null, true), 1e-12);
        // dL/da = (1/2)Σ (a-p_k)/|a-p_k| - (1/3)Σ (a-n_k)/|a-n_k| = (1/2)(-2,0) - (1/3)(0,-3) = (-1, 1)
        INDArray g = loss.computeGradient(null, pre, ID, null);
        assertEquals(-1.0, g.getDouble(0, 0), 1e-12);
        assertEquals(1.0, g.getDouble(0, 1), 1e-12);
        // with P = N = 1 it is the plain triplet loss
        INDArray pre3 = RandomArrays.gaussian(DataType.DOUBLE, 9, 6, 9);
        assertEquals(new LossTriplet().computeScoreArray(null, pre3, ID, null),
                new LossMultiSampleTriplet().computeScoreArray(null, pre3, ID, null));
    }
}
