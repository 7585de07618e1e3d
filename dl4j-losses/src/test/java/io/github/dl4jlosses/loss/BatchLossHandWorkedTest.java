package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small in-batch and mined cases worked out by hand (arithmetic in the comments). */
class BatchLossHandWorkedTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();

    private static INDArray rows(double[]... r) {
        return Nd4j.createFromArray(r);
    }

    private static INDArray column(double... v) {
        double[][] c = new double[v.length][1];
        for (int i = 0; i < v.length; i++) c[i][0] = v[i];
        return Nd4j.createFromArray(c);
    }

    private static void assertColumn(INDArray actual, double... expected) {
        assertEquals(expected.length, actual.size(0));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.getDouble(i, 0), 1e-12, "row " + i + " of " + actual);
        }
    }

    @Test
    void generalizedTripletPicksTheClosestInBatchNegative() {
        // D = 1, rows [a | p]: (0 | 1), (2 | 2.5), (10 | 9); squared Euclidean, m = 6, no class ids.
        // row 0: d(a,p) = 1; negatives d(a0,p1) = 6.25, d(a0,p2) = 81 -> 1 - 6.25 + 6 = 0.75
        // row 1: 0.25; negatives d(a1,p0) = 1, d(a1,p2) = 49 -> 0.25 - 1 + 6 = 5.25
        // row 2: 1; negatives 81, 56.25 -> 1 - 56.25 + 6 < 0 -> 0            mean = 6/3 = 2
        INDArray pre = rows(new double[]{0, 1}, new double[]{2, 2.5}, new double[]{10, 9});
        LossGeneralizedTriplet loss = LossGeneralizedTriplet.builder().with(LossGeneralizedTriplet.MARGIN, 6)
                .with(LossGeneralizedTriplet.USE_CLASS_IDS, false).build();
        INDArray ignored = column(0, 0, 0);
        assertColumn(loss.computeScoreArray(ignored, pre, ID, null), 0.75, 5.25, 0);
        assertEquals(2.0, loss.computeScore(ignored, pre, ID, null, true), 1e-12);
        // dΣ/da1 = 2(a1 - p1) - 2(a1 - p0) = -1 - 2 = -3
        // dΣ/dp0 = -2(a0 - p0) [row 0's positive] + 2(a1 - p0) [row 1's negative] = 2 + 2 = 4
        INDArray g = loss.computeGradient(ignored, pre, ID, null);
        assertEquals(-3.0, g.getDouble(1, 0), 1e-12);
        assertEquals(4.0, g.getDouble(0, 1), 1e-12);
        assertEquals(0.0, g.getDouble(2, 0), 0.0, "row 2 is beyond the margin");

        // class ids [0,0,1], m = 60: rows 0 and 1 are not each other's negatives.
        // row 0: only p2 -> 1 - 81 + 60 < 0 -> 0; row 1: only p2 -> 0.25 - 49 + 60 = 11.25;
        // row 2: min(81, 56.25) -> 1 - 56.25 + 60 = 4.75                   mean = 16/3
        LossGeneralizedTriplet withIds = LossGeneralizedTriplet.builder()
                .with(LossGeneralizedTriplet.MARGIN, 60).build();
        INDArray ids = column(0, 0, 1);
        assertColumn(withIds.computeScoreArray(ids, pre, ID, null), 0, 11.25, 4.75);
        assertEquals(16.0 / 3, withIds.computeScore(ids, pre, ID, null, true), 1e-12);
    }

    @Test
    void nPairIsSoftmaxCrossEntropyOfDotProductsPlusL2() {
        // D = 1: a = (1, -1), p = (2, 1): s = a·pᵀ = [[2, 1], [-2, -1]]
        // row 0: log(1 + e^(1-2)); row 1: log(1 + e^(-2-(-1))) -> both log(1 + 1/e)
        INDArray pre = rows(new double[]{1, 2}, new double[]{-1, 1});
        INDArray distinct = column(0, 1);
        double ce = Math.log1p(Math.exp(-1));
        assertEquals(ce, LossNPair.builder()
                .with(LossNPair.LAMBDA, 0).build().computeScore(distinct, pre, ID, null, true), 1e-12);
        // λ = 0.002: per row + 0.25·λ·(a² + p²): row 0 + 0.0005·5, row 1 + 0.0005·2
        LossNPair loss = new LossNPair();
        assertColumn(loss.computeScoreArray(distinct, pre, ID, null), ce + 0.0025, ce + 0.001);
        // gradient of row 0's term in a0: Σ_j softmax_0j p_j - p_0 = (e·2 + 1·1)/(e + 1) - 2, plus λ/2·a0
        double soft = (Math.E * 2 + 1) / (Math.E + 1) - 2;
        assertEquals(soft + 0.001 * 1, loss.computeGradient(distinct, pre, ID, null).getDouble(0, 0), 1e-12);

        // three rows, ids [0,0,1]: row 0's target is spread over p0 and p1.
        // a = (1, -1, 0.5), p = (2, 1, -1): s rows [2, 1, -1], [-2, -1, 1], [1, 0.5, -0.5]
        INDArray pre3 = rows(new double[]{1, 2}, new double[]{-1, 1}, new double[]{0.5, -1});
        double ce0 = Math.log(Math.exp(2) + Math.exp(1) + Math.exp(-1)) - (2 + 1) / 2.0;
        double ce1 = Math.log(Math.exp(-2) + Math.exp(-1) + Math.exp(1)) - (-2 - 1) / 2.0;
        double ce2 = Math.log(Math.exp(1) + Math.exp(0.5) + Math.exp(-0.5)) - (-0.5);
        assertColumn(LossNPair.builder()
                .with(LossNPair.LAMBDA, 0).build().computeScoreArray(column(0, 0, 1), pre3, ID, null), ce0, ce1, ce2);
    }

    @Test
    void infoNceRowAndColumnCrossEntropies() {
        // a0 = (1,0), p0 = (1,0), a1 = (0,1), p1 = (1,1)/√2, τ = 0.5:
        // cos = [[1, 1/√2], [0, 1/√2]] -> s = [[2, √2], [0, √2]]
        double r2 = Math.sqrt(2);
        INDArray pre = rows(new double[]{1, 0, 1, 0}, new double[]{0, 1, 1 / r2, 1 / r2});
        double row0 = Math.log(Math.exp(2) + Math.exp(r2)) - 2;
        double row1 = Math.log(1 + Math.exp(r2)) - r2;
        double col0 = Math.log(Math.exp(2) + 1) - 2;
        double col1 = Math.log(2 * Math.exp(r2)) - r2; // = log 2
        INDArray ids = column(0, 1);
        LossInfoNCE oneWay = LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, 0.5).build();
        assertColumn(oneWay.computeScoreArray(ids, pre, ID, null), row0, row1);
        LossInfoNCE symmetric = LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, 0.5)
                .with(LossInfoNCE.SYMMETRIC, true).build();
        assertColumn(symmetric.computeScoreArray(ids, pre, ID, null), (row0 + col0) / 2, (row1 + col1) / 2);
        assertEquals(Math.log(2), col1, 1e-12);
        // same class: row 1 is not a negative of row 0 -> nothing to contrast, the batch scores 0
        assertEquals(0.0, oneWay.computeScore(column(3, 3), pre, ID, null, true), 0.0);
    }

    @Test
    void batchTripletAllHardSemiHard() {
        // 1-D embeddings x = (0, 1, 3, 4), classes (0, 0, 1, 1), Euclidean, m = 2.
        // D: 01 = 1, 02 = 3, 03 = 4, 12 = 2, 13 = 3, 23 = 1
        INDArray x = column(0, 1, 3, 4);
        INDArray cls = column(0, 0, 1, 1);
        // HARD: a0: 1 - 3 + 2 = 0; a1: 1 - 2 + 2 = 1; a2: 1 - 2 + 2 = 1; a3: 1 - 3 + 2 = 0 -> 0.5
        LossBatchTriplet hard = LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                .with(LossBatchTriplet.MARGIN, 2).build();
        assertColumn(hard.computeScoreArray(cls, x, ID, null), 0, 1, 1, 0);
        // ALL: the 8 triplets (a,p,n) give 0,0 | 1,0 | 0,1 | 0,0: two positive ones summing to 2 -> 1.0;
        // rows carry B·(their share)/2: a1 and a2 -> 4·1/2 = 2
        LossBatchTriplet all = LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.ALL)
                .with(LossBatchTriplet.MARGIN, 2).build();
        assertColumn(all.computeScoreArray(cls, x, ID, null), 0, 2, 2, 0);
        assertEquals(1.0, all.computeScore(cls, x, ID, null, true), 1e-12);
        // SEMI_HARD: pairs (0,1): negatives 3, 4 > 1 -> 3 -> 0; (1,0): 2, 3 > 1 -> 2 -> 1;
        // (2,3): 3, 2 -> 2 -> 1; (3,2): 4, 3 -> 3 -> 0: 2 over 4 pairs -> 0.5
        LossBatchTriplet semi = LossBatchTriplet.builder()
                .with(LossBatchTriplet.MINING, TripletMining.SEMI_HARD).with(LossBatchTriplet.MARGIN, 2).build();
        assertColumn(semi.computeScoreArray(cls, x, ID, null), 0, 1, 1, 0);
        // soft margin, HARD: softplus(1 - 3), softplus(1 - 2), softplus(1 - 2), softplus(1 - 3)
        LossBatchTriplet soft = LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                .with(LossBatchTriplet.SOFT_MARGIN, true).build();
        double s2 = Math.log1p(Math.exp(-2)), s1 = Math.log1p(Math.exp(-1));
        assertEquals((2 * s2 + 2 * s1) / 4, soft.computeScore(cls, x, ID, null, true), 1e-12);

        // ALL with the classes interleaved (rows not grouped by class): the same batch permuted
        INDArray xi = column(0, 3, 1, 4);
        INDArray ci = column(0, 1, 0, 1);
        assertColumn(all.computeScoreArray(ci, xi, ID, null), 0, 2, 2, 0);
        INDArray gi = all.computeGradient(ci, xi, ID, null);
        INDArray g = all.computeGradient(cls, x, ID, null);
        // row k of the permuted batch is row perm[k] of the grouped one
        int[] perm = {0, 2, 1, 3};
        for (int k = 0; k < 4; k++) {
            assertEquals(g.getDouble(perm[k], 0), gi.getDouble(k, 0), 1e-12);
        }
        // active triplets (1,0,2) and (2,3,1), each scaled by B/2 = 2:
        // (1,0,2): D10 - D12: d/dx0 = -1, d/dx1 = +1 - (-1) = 2, d/dx2 = -1   (x1 = 1 between x0 = 0 and x2 = 3)
        // (2,3,1): D23 - D21: d/dx2 = -1 - (+1) = -2, d/dx3 = +1, d/dx1 = +1
        // sum × 2: x0 = -2, x1 = 2·(2 + 1) = 6, x2 = 2·(-1 - 2) = -6, x3 = 2
        assertColumn(g, -2, 6, -6, 2);
    }

    @Test
    void semiHardFallsBackToTheFarthestNegative() {
        // x = (0, 5, 1, 2), classes (0, 0, 1, 1), Euclidean, m = 1.
        // D: 01 = 5, 02 = 1, 03 = 2, 12 = 4, 13 = 3, 23 = 1
        // (0,1): no negative beyond 5 -> farthest 2 -> 5 - 2 + 1 = 4
        // (1,0): none beyond 5 -> farthest 4 -> 5 - 4 + 1 = 2
        // (2,3): beyond 1 is only D21 = 4 (D20 = 1 is not beyond) -> 1 - 4 + 1 < 0 -> 0
        // (3,2): beyond 1: D30 = 2, D31 = 3 -> 2 -> 1 - 2 + 1 = 0          mean over 4 pairs = 1.5
        INDArray x = column(0, 5, 1, 2);
        INDArray cls = column(0, 0, 1, 1);
        LossBatchTriplet semi = LossBatchTriplet.builder()
                .with(LossBatchTriplet.MINING, TripletMining.SEMI_HARD).with(LossBatchTriplet.MARGIN, 1).build();
        assertColumn(semi.computeScoreArray(cls, x, ID, null), 4, 2, 0, 0);
        assertEquals(1.5, semi.computeScore(cls, x, ID, null, true), 1e-12);
        // d/dx of (D01 - D03) + (D10 - D12), scale 4/4 = 1:
        // x0: -1 - (-1) + (-1) = -1; x1: +1 + 1 - 1 = 1; x2: +1; x3: -1
        assertColumn(semi.computeGradient(cls, x, ID, null), -1, 1, 1, -1);
    }

    @Test
    void multiSimilarityMinesThenWeights() {
        // unit vectors at angles (degrees) 0, 60 (class 0) and 80, 180 (class 1); S_ij = cos(θ_i − θ_j)
        double[] deg = {0, 60, 80, 180};
        double[][] v = new double[4][];
        for (int i = 0; i < 4; i++) v[i] = new double[]{Math.cos(Math.toRadians(deg[i])), Math.sin(Math.toRadians(deg[i]))};
        INDArray x = rows(v);
        INDArray cls = column(0, 0, 1, 1);
        double s01 = Math.cos(Math.toRadians(60)), s02 = Math.cos(Math.toRadians(80)), s12 = Math.cos(Math.toRadians(20));
        double s03 = -1, s13 = Math.cos(Math.toRadians(120)), s23 = Math.cos(Math.toRadians(100));
        // ε = 0.1. a0: max neg = s02 = 0.17; positive s01 = 0.5: 0.4 < 0.17? no. negatives vs min pos 0.5: none -> 0
        // a1: max neg = s12 = 0.94: positive s10 kept; negatives: s12 + 0.1 > 0.5 kept, s13 = -0.5 not
        // a2: max neg = s21 = 0.94: positive s23 kept; min pos = s23 = -0.17: both s20 and s21 kept
        // a3: max neg = s31 = -0.5: positive s32 = -0.17 - 0.1 < -0.5? no; min pos -0.17: s30, s31 + 0.1 > -0.17? no -> 0
        double a = 2, b = 50, l = 0.5;
        double r1 = Math.log1p(Math.exp(-a * (s01 - l))) / a + Math.log1p(Math.exp(b * (s12 - l))) / b;
        double r2 = Math.log1p(Math.exp(-a * (s23 - l))) / a
                + Math.log1p(Math.exp(b * (s02 - l)) + Math.exp(b * (s12 - l))) / b;
        LossMultiSimilarity ms = new LossMultiSimilarity();
        INDArray perRow = ms.computeScoreArray(cls, x, ID, null);
        assertColumn(perRow, 0, r1, r2, 0);
        assertTrue(s03 < s13, "sanity of the hand computation");

        // without mining every pair counts: a0 gets its positive s01 and negatives s02, s03
        double r0 = Math.log1p(Math.exp(-a * (s01 - l))) / a + Math.log1p(Math.exp(b * (s02 - l)) + Math.exp(b * (s03 - l))) / b;
        assertEquals(r0, LossMultiSimilarity.builder()
                .with(LossMultiSimilarity.MINE, false).build().computeScoreArray(cls, x, ID, null).getDouble(0, 0), 1e-12);
    }

    @Test
    void distanceOptionIsUsed() {
        // same data as batchTripletAllHardSemiHard, squared Euclidean: D01 = 1, D02 = 9, D12 = 4, D23 = 1, D13 = 9, D03 = 16
        // HARD, m = 4: a0: 1 - 9 + 4 < 0; a1: 1 - 4 + 4 = 1; a2: 1 - 4 + 4 = 1; a3: 1 - 9 + 4 < 0 -> 0.5
        LossBatchTriplet hard = LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                .with(LossBatchTriplet.MARGIN, 4)
                .with(LossBatchTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build();
        assertEquals(0.5, hard.computeScore(column(0, 0, 1, 1), column(0, 1, 3, 4), ID, null, true), 1e-12);
    }
}
