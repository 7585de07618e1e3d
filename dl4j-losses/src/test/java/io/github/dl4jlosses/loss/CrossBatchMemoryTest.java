package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.FiniteDifferences;
import io.github.dl4jlosses.testutil.NaiveDistances;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CrossBatchMemory}: the batch is scored against itself and the remembered rows (checked against a naive
 * loop over queries × references), the gradient reaches the batch only (finite differences with the memory held
 * fixed), the memory is a FIFO of the newest rows, and the configuration (not the memory) round-trips.
 */
class CrossBatchMemoryTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();
    private static final int B = 8;
    private static final int D = 4;

    private static INDArray batch(long seed) {
        return RandomArrays.gaussian(DataType.DOUBLE, seed, B, D);
    }

    private static INDArray ids(long seed) {
        return RandomArrays.classIds(DataType.DOUBLE, seed, B, 3);
    }

    /** Naive batch-hard triplet of queries against references whose first rows are the queries. */
    private static double naiveBatchHard(double[][] q, int[] qc, double[][] r, int[] rc, double margin) {
        double sum = 0;
        int anchors = 0;
        for (int i = 0; i < q.length; i++) {
            double hardestPositive = Double.NEGATIVE_INFINITY;
            double hardestNegative = Double.POSITIVE_INFINITY;
            for (int j = 0; j < r.length; j++) {
                double d = NaiveDistances.of(Distance.EUCLIDEAN, q[i], r[j]);
                if (rc[j] == qc[i] && j != i) hardestPositive = Math.max(hardestPositive, d);
                if (rc[j] != qc[i]) hardestNegative = Math.min(hardestNegative, d);
            }
            if (hardestPositive > Double.NEGATIVE_INFINITY && hardestNegative < Double.POSITIVE_INFINITY) {
                sum += Math.max(0, hardestPositive - hardestNegative + margin);
                anchors++;
            }
        }
        return anchors == 0 ? 0 : sum / anchors;
    }

    /** Naive batch-all triplet (mean over triplets with a positive loss) of queries against references. */
    private static double naiveBatchAll(double[][] q, int[] qc, double[][] r, int[] rc, double margin) {
        double sum = 0;
        int active = 0;
        for (int i = 0; i < q.length; i++) {
            for (int p = 0; p < r.length; p++) {
                if (rc[p] != qc[i] || p == i) continue;
                for (int n = 0; n < r.length; n++) {
                    if (rc[n] == qc[i]) continue;
                    double l = NaiveDistances.of(Distance.EUCLIDEAN, q[i], r[p])
                            - NaiveDistances.of(Distance.EUCLIDEAN, q[i], r[n]) + margin;
                    if (l > 0) {
                        sum += l;
                        active++;
                    }
                }
            }
        }
        return active == 0 ? 0 : sum / active;
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] c = new double[a.length + b.length][];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = new int[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static int[] classes(INDArray ids) {
        return ids.castTo(DataType.INT).reshape(ids.length()).toIntVector();
    }

    @Test
    void scoresTheBatchAgainstItselfAndTheRememberedRows() {
        double margin = 0.7;
        for (TripletMining mining : new TripletMining[]{TripletMining.HARD, TripletMining.ALL}) {
            CrossBatchMemory xbm = CrossBatchMemory.of(
                    LossBatchTriplet.builder().with(LossBatchTriplet.MINING, mining)
                            .with(LossBatchTriplet.MARGIN, margin).build(), 100);
            INDArray x1 = batch(1), c1 = ids(1), x2 = batch(2), c2 = ids(2);
            double first = xbm.computeGradientAndScore(c1, x1, ID, null, true).getFirst();
            double second = xbm.computeGradientAndScore(c2, x2, ID, null, true).getFirst();
            double[][] q1 = RandomArrays.toDouble(x1), q2 = RandomArrays.toDouble(x2);
            int[] k1 = classes(c1), k2 = classes(c2);
            double expectedFirst = mining == TripletMining.HARD ? naiveBatchHard(q1, k1, q1, k1, margin)
                    : naiveBatchAll(q1, k1, q1, k1, margin);
            double expectedSecond = mining == TripletMining.HARD
                    ? naiveBatchHard(q2, k2, concat(q2, q1), concat(k2, k1), margin)
                    : naiveBatchAll(q2, k2, concat(q2, q1), concat(k2, k1), margin);
            assertEquals(expectedFirst, first, 1e-12, mining + ": first batch, empty memory");
            assertEquals(expectedSecond, second, 1e-12, mining + ": second batch against the first");
            assertNotEquals(naiveBatchHard(q2, k2, q2, k2, margin), second, mining + ": the memory must matter");
        }
    }

    static List<LabelledBatchLoss> wrapped() {
        return List.of(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                .with(LossBatchTriplet.MARGIN, 0.5).build(),
                LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.SEMI_HARD)
                        .with(LossBatchTriplet.MARGIN, 0.5).build(),
                LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.ALL)
                        .with(LossBatchTriplet.MARGIN, 0.5).build(),
                new LossMultiSimilarity(), LossMultiSimilarity.builder().with(LossMultiSimilarity.MINE, false).build(),
                LossCircle.builder().with(LossCircle.DETACH_WEIGHTS, false)
                        .with(LossCircle.GAMMA, 8).build(), LossSupCon.builder()
                        .with(LossSupCon.TEMPERATURE, 0.5).build(),
                new LossLiftedStructure());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrapped")
    void gradientReachesTheBatchOnly(LabelledBatchLoss loss) {
        CrossBatchMemory xbm = CrossBatchMemory.of(loss, 100);
        INDArray x1 = batch(3), c1 = ids(3), x2 = batch(4), c2 = ids(4);
        xbm.computeGradient(c1, x1, ID, null);
        INDArray g = xbm.computeGradient(c2, x2, ID, null);
        // The references [x2; x1] are constants (pytorch-metric-learning detaches the memory, the batch's own
        // copies included): finite differences move the anchors only.
        INDArray references = Nd4j.concat(0, x2, x1);
        INDArray referenceIds = Nd4j.concat(0, c2, c1);
        INDArray x = x2.dup();
        INDArray numeric = x.like();
        double eps = FiniteDifferences.EPS;
        for (int i = 0; i < B; i++) {
            for (int k = 0; k < D; k++) {
                double orig = x.getDouble(i, k);
                x.putScalar(i, k, orig + eps);
                double plus = loss.forwardAgainst(x, c2, references, referenceIds, false).perRow.sumNumber().doubleValue();
                x.putScalar(i, k, orig - eps);
                double minus = loss.forwardAgainst(x, c2, references, referenceIds, false).perRow.sumNumber().doubleValue();
                x.putScalar(i, k, orig);
                numeric.putScalar(i, k, (plus - minus) / (2 * eps));
            }
        }
        FiniteDifferences.Result r = FiniteDifferences.compare(g, numeric);
        assertTrue(r.maxRelError <= 1e-6, loss.name() + ": " + r);
        assertTrue(g.norm2Number().doubleValue() > 0, "a gradient that could be zero proves nothing");
        // score-only calls store nothing: finite differences through the wrapper see the same memory
        INDArray throughWrapper = FiniteDifferences.numericGradient(xbm, c2, x2.add(1e-3), ID, null);
        assertEquals(2 * B, xbm.rowsInMemory(), "score-only calls stored nothing");
        assertTrue(throughWrapper.norm2Number().doubleValue() > 0);
    }

    @Test
    void memoryKeepsTheNewestRows() {
        CrossBatchMemory xbm = CrossBatchMemory.of(LossBatchTriplet.builder()
                .with(LossBatchTriplet.MINING, TripletMining.HARD).build(), 20);
        int[] expected = {8, 16, 20, 20};
        for (int step = 0; step < expected.length; step++) {
            xbm.computeGradient(ids(10 + step), batch(10 + step), ID, null);
            assertEquals(expected[step], xbm.rowsInMemory(), "after batch " + step);
        }
        // the references are [batch; newest 12 remembered rows]: a batch of the last rows' copies scores as that
        INDArray x = batch(13);
        double withMemory = xbm.computeScore(ids(13), x, ID, null, true);
        CrossBatchMemory fresh = CrossBatchMemory.of(LossBatchTriplet.builder()
                .with(LossBatchTriplet.MINING, TripletMining.HARD).build(), 20);
        fresh.computeGradient(ids(12), batch(12), ID, null);
        fresh.computeGradient(ids(13), batch(13), ID, null);
        // fresh holds [12, 13]; xbm holds [11 (last 4 rows), 12, 13]: the score of batch 13 against them equals
        // the score computed when batch 13 was stored, which saw 12 and 11 — recomputed here by the naive loop
        double[][] r = concat(RandomArrays.toDouble(batch(13)), concat(
                tail(RandomArrays.toDouble(batch(12)), 8), tail(RandomArrays.toDouble(batch(11)), 4)));
        int[] rc = concat(classes(ids(13)), concat(tail(classes(ids(12)), 8), tail(classes(ids(11)), 4)));
        assertEquals(naiveBatchHard(RandomArrays.toDouble(x), classes(ids(13)), r, rc, 1.0), withMemory, 1e-12);
    }

    private static double[][] tail(double[][] a, int n) {
        return java.util.Arrays.copyOfRange(a, a.length - n, a.length);
    }

    private static int[] tail(int[] a, int n) {
        return java.util.Arrays.copyOfRange(a, a.length - n, a.length);
    }

    @Test
    void theScoreAfterTheGradientOfTheSameBatchIsThatGradientsScore() {
        CrossBatchMemory xbm = CrossBatchMemory.of(new LossMultiSimilarity(), 100);
        xbm.computeGradient(ids(5), batch(5), ID, null);
        double trained = xbm.computeGradientAndScore(ids(6), batch(6), ID, null, true).getFirst();
        double again = xbm.computeScore(ids(6), batch(6).dup(), ID, null, true);   // DL4J recomputes preOutput
        assertEquals(trained, again, 0.0);
        assertEquals(2 * B, xbm.rowsInMemory());
        double other = xbm.computeScore(ids(7), batch(7), ID, null, true);
        assertEquals(2 * B, xbm.rowsInMemory(), "evaluation stores nothing");
        assertTrue(Double.isFinite(other));
    }

    @Test
    void maskedRowsAreNeitherAnchorsNorRemembered() {
        CrossBatchMemory xbm = CrossBatchMemory.of(LossBatchTriplet.builder()
                .with(LossBatchTriplet.MINING, TripletMining.HARD).build(), 100);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, B, 1);
        mask.putScalar(0, 0, 0);
        mask.putScalar(5, 0, 0);
        INDArray g = xbm.computeGradient(ids(8), batch(8), ID, mask);
        assertEquals(B - 2, xbm.rowsInMemory());
        assertEquals(0.0, g.getRow(0).norm2Number().doubleValue(), 0.0);
        assertEquals(0.0, g.getRow(5).norm2Number().doubleValue(), 0.0);
    }

    @Test
    void aNewDataTypeOrWidthEmptiesTheMemory() {
        CrossBatchMemory xbm = CrossBatchMemory.of(new LossMultiSimilarity(), 100);
        xbm.computeGradient(ids(1), batch(1), ID, null);
        xbm.computeGradient(ids(2), batch(2), ID, null);
        assertEquals(2 * B, xbm.rowsInMemory());
        xbm.computeGradient(ids(3).castTo(DataType.FLOAT), batch(3).castTo(DataType.FLOAT), ID, null);
        assertEquals(B, xbm.rowsInMemory(), "FLOAT after DOUBLE starts afresh");
        xbm.computeGradient(ids(4), RandomArrays.gaussian(DataType.FLOAT, 4, B, D + 1), ID, null);
        assertEquals(B, xbm.rowsInMemory(), "another width starts afresh");
        xbm.clearMemory();
        assertEquals(0, xbm.rowsInMemory());
    }

    @Test
    void configurationRoundTripsWithoutTheMemory() throws Exception {
        CrossBatchMemory xbm = CrossBatchMemory.of(LossCircle.builder().with(LossCircle.MARGIN, 0.3).build(), 64);
        xbm.computeGradient(ids(1), batch(1), ID, null);
        String json = LossJson.toJson(xbm);
        assertTrue(json.contains("LossCircle") && json.contains("\"memorySize\" : 64") || json.contains("\"memorySize\":64"), json);
        CrossBatchMemory fromJson = (CrossBatchMemory) LossJson.fromJson(json);
        assertEquals(xbm, fromJson);
        assertEquals(0, fromJson.rowsInMemory());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(xbm);
        }
        CrossBatchMemory copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (CrossBatchMemory) in.readObject();
        }
        assertEquals(xbm, copy);
        assertEquals(0, copy.rowsInMemory());
        double a = copy.computeScore(ids(2), batch(2), ID, null, true);
        double b = fromJson.computeScore(ids(2), batch(2), ID, null, true);
        assertEquals(a, b, 0.0);
        assertFalse(Double.isNaN(a));
    }

    @Test
    void theReadmeExampleBuildsWhatItSays() {
        LossCircle circle = LossCircle.builder()
                .with(LossCircle.MINER, new io.github.dl4jlosses.mining.MultiSimilarityMiner(0.1)).build();
        CrossBatchMemory xbm = CrossBatchMemory.of(LossMultiSimilarity.builder().build(), 4096);
        assertEquals(new io.github.dl4jlosses.mining.MultiSimilarityMiner(0.1), circle.miner());
        assertEquals(4096, xbm.get(CrossBatchMemory.MEMORY_SIZE));
        assertEquals(new LossMultiSimilarity(), xbm.getLoss());
    }

    @Test
    void badConfigurationsAreRefusedByBuilderAndJson() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> CrossBatchMemory.builder().with(CrossBatchMemory.MEMORY_SIZE, 1).build());
        assertTrue(size.getMessage().contains("CrossBatchMemory") && size.getMessage().contains("memorySize")
                && size.getMessage().contains(">= 2") && size.getMessage().contains("1"), size.getMessage());
        String json = LossJson.toJson(new CrossBatchMemory());
        String contrastive = "{\"@class\": \"io.github.dl4jlosses.loss.CrossBatchMemory\", \"memorySize\": 8, "
                + "\"loss\": {\"@class\": \"io.github.dl4jlosses.loss.LossContrastive\"}}";
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> LossJson.fromJson(contrastive));
        assertTrue(wrong.getMessage().contains("labelled-batch loss"), wrong.getMessage());
        IllegalArgumentException inner = assertThrows(IllegalArgumentException.class,
                () -> LossJson.fromJson(json.replace("\"alpha\" : 2.0", "\"alpha\" : -2.0")));
        assertTrue(inner.getMessage().contains("LossMultiSimilarity") && inner.getMessage().contains("alpha"),
                inner.getMessage());
    }
}
