package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.mining.AllPairsMiner;
import io.github.dl4jlosses.mining.BatchHardMiner;
import io.github.dl4jlosses.mining.DefaultMining;
import io.github.dl4jlosses.mining.DistanceWeightedMiner;
import io.github.dl4jlosses.mining.LabelledDistances;
import io.github.dl4jlosses.mining.Miner;
import io.github.dl4jlosses.mining.MultiSimilarityMiner;
import io.github.dl4jlosses.mining.NaiveMining;
import io.github.dl4jlosses.mining.SemiHardMiner;
import io.github.dl4jlosses.testutil.FiniteDifferences;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every labelled-batch loss × every miner: the score against a naive reference written with plain loops in double
 * (the loss's formula over the mined pairs or triplets), the gradient against central finite differences, the
 * explicit miner equal to the loss's own mining, degenerate batches, and JSON / Java serialization of the
 * {@code miner} option.
 */
class MinedLossTest {
    static final int B = 12;
    static final int D = 4;
    /** Four classes of 4, 4, 3 and 1 rows (class 3 is a singleton: an anchor without a positive). */
    static final double[] IDS = {0, 1, 2, 0, 1, 2, 0, 1, 3, 0, 1, 2};
    /** Seed set before every evaluation, so that the distance-weighted miner draws the same negatives. */
    static final long SEED = 1234;
    /**
     * Finite differences cost two evaluations per entry: a smaller batch of 8 rows of width 3, classes of 3, 2, 2
     * and 1 rows.
     */
    static final double[] FD_IDS = {0, 1, 0, 2, 1, 0, 2, 3};
    static final int FD_D = 3;
    static final IActivation IDENTITY = Activation.IDENTITY.getActivationFunction();

    // loss parameters
    static final double TRIPLET_MARGIN = 0.3;
    static final double MS_ALPHA = 2, MS_BETA = 50, MS_LAMBDA = 0.5;
    static final double CIRCLE_M = 0.4, CIRCLE_GAMMA = 80;
    static final double SUPCON_TAU = 0.1;
    static final double LIFTED_MPOS = 0, LIFTED_MNEG = 1;

    enum Kind {
        BATCH_TRIPLET(Distance.EUCLIDEAN), BATCH_TRIPLET_SOFT(Distance.SQUARED_EUCLIDEAN),
        MULTI_SIMILARITY(Distance.COSINE), CIRCLE(Distance.COSINE), SUPCON(Distance.COSINE),
        LIFTED(Distance.EUCLIDEAN);

        final Distance distance;

        Kind(Distance distance) {
            this.distance = distance;
        }

        LabelledBatchLoss build(Miner miner) {
            switch (this) {
                case BATCH_TRIPLET: {
                    LossBuilder<LossBatchTriplet> b = LossBatchTriplet.builder()
                            .with(LossBatchTriplet.DISTANCE, distance).with(LossBatchTriplet.MARGIN, TRIPLET_MARGIN);
                    return miner == null ? b.build() : b.with(LabelledBatchLoss.MINER, miner).build();
                }
                case BATCH_TRIPLET_SOFT: {
                    LossBuilder<LossBatchTriplet> b = LossBatchTriplet.builder()
                            .with(LossBatchTriplet.DISTANCE, distance).with(LossBatchTriplet.SOFT_MARGIN, true);
                    return miner == null ? b.build() : b.with(LabelledBatchLoss.MINER, miner).build();
                }
                case MULTI_SIMILARITY: {
                    LossBuilder<LossMultiSimilarity> b = LossMultiSimilarity.builder()
                            .with(LossMultiSimilarity.ALPHA, MS_ALPHA).with(LossMultiSimilarity.BETA, MS_BETA)
                            .with(LossMultiSimilarity.LAMBDA, MS_LAMBDA);
                    return miner == null ? b.build() : b.with(LabelledBatchLoss.MINER, miner).build();
                }
                case CIRCLE: {
                    LossBuilder<LossCircle> b = LossCircle.builder().with(LossCircle.MARGIN, CIRCLE_M)
                            .with(LossCircle.GAMMA, CIRCLE_GAMMA).with(LossCircle.DETACH_WEIGHTS, false);
                    return miner == null ? b.build() : b.with(LabelledBatchLoss.MINER, miner).build();
                }
                case SUPCON: {
                    LossBuilder<LossSupCon> b = LossSupCon.builder().with(LossSupCon.TEMPERATURE, SUPCON_TAU);
                    return miner == null ? b.build() : b.with(LabelledBatchLoss.MINER, miner).build();
                }
                case LIFTED: {
                    LossBuilder<LossLiftedStructure> b = LossLiftedStructure.builder()
                            .with(LossLiftedStructure.DISTANCE, distance)
                            .with(LossLiftedStructure.MARGIN_POSITIVE, LIFTED_MPOS)
                            .with(LossLiftedStructure.MARGIN_NEGATIVE, LIFTED_MNEG);
                    return miner == null ? b.build() : b.with(LabelledBatchLoss.MINER, miner).build();
                }
                default:
                    throw new AssertionError(this);
            }
        }
    }

    static List<Miner> miners() {
        return List.of(new AllPairsMiner(), new BatchHardMiner(), new SemiHardMiner(), new MultiSimilarityMiner(0.2),
                new DistanceWeightedMiner());
    }

    static Stream<Arguments> kindsAndMiners() {
        List<Arguments> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (Miner m : miners()) out.add(Arguments.of(k, m));
        }
        return out.stream();
    }

    /** Unit-length random rows (the distance-weighted miner's weights assume the unit sphere). */
    static double[][] embeddings(long seed) {
        return embeddings(seed, B, D);
    }

    static double[][] embeddings(long seed, int rows, int dim) {
        Random r = new Random(seed);
        double[][] x = new double[rows][dim];
        for (int i = 0; i < rows; i++) {
            double n = 0;
            for (int k = 0; k < dim; k++) {
                x[i][k] = r.nextGaussian();
                n += x[i][k] * x[i][k];
            }
            for (int k = 0; k < dim; k++) x[i][k] /= Math.sqrt(n);
        }
        return x;
    }

    static INDArray labels(double[] ids) {
        return Nd4j.createFromArray(ids).reshape(ids.length, 1);
    }

    /** A loss that sets ND4J's seed before every evaluation, so random miners pick the same selection each time. */
    static final class Reseeded implements ILossFunction {
        private static final long serialVersionUID = 1L;
        final ILossFunction loss;

        Reseeded(ILossFunction loss) {
            this.loss = loss;
        }

        private void reseed() {
            Nd4j.getRandom().setSeed(SEED);
        }

        @Override
        public double computeScore(INDArray labels, INDArray preOutput, IActivation act, INDArray mask, boolean average) {
            reseed();
            return loss.computeScore(labels, preOutput, act, mask, average);
        }

        @Override
        public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation act, INDArray mask) {
            reseed();
            return loss.computeScoreArray(labels, preOutput, act, mask);
        }

        @Override
        public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation act, INDArray mask) {
            reseed();
            return loss.computeGradient(labels, preOutput, act, mask);
        }

        @Override
        public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation act,
                                                              INDArray mask, boolean average) {
            reseed();
            return loss.computeGradientAndScore(labels, preOutput, act, mask, average);
        }

        @Override
        public String name() {
            return "Reseeded(" + loss.name() + ")";
        }
    }

    // ------------------------------------------------------------------ naive references

    /** What a miner picked: triplets {a, p, n}, or pairs (then triplets is null). */
    static final class Picked {
        final List<int[]> triplets;
        final NaiveMining.Pairs pairs;

        Picked(List<int[]> triplets, NaiveMining.Pairs pairs) {
            this.triplets = triplets;
            this.pairs = pairs;
        }
    }

    /**
     * The naive selection of {@code miner} on {@code x}. The distance-weighted miner's draws are random: they are
     * taken from the miner itself (with the seed every evaluation uses), after checking each draw is an allowed
     * negative of positive naive weight and each (anchor with such a negative, positive) has its one triplet.
     */
    static Picked pick(Miner miner, Distance distance, double[][] d, double[][] x, double[] ids) {
        if (miner instanceof AllPairsMiner) {
            return new Picked(null, NaiveMining.allPairs(ids, ids));
        }
        if (miner instanceof BatchHardMiner) {
            return new Picked(NaiveMining.batchHard(d, ids, ids), null);
        }
        if (miner instanceof SemiHardMiner) {
            return new Picked(NaiveMining.semiHard(d, ids, ids), null);
        }
        if (miner instanceof MultiSimilarityMiner) {
            return new Picked(null, NaiveMining.multiSimilarity(distance, d, ids, ids,
                    ((MultiSimilarityMiner) miner).getEpsilon()));
        }
        if (miner instanceof DistanceWeightedMiner) {
            DistanceWeightedMiner dw = (DistanceWeightedMiner) miner;
            INDArray xs = Nd4j.createFromArray(x);
            Nd4j.getRandom().setSeed(SEED);
            List<int[]> drawn = NaiveMining.triplets(miner.mine(
                    LabelledDistances.within(distance, distance.matrix(xs, xs), labels(ids), D)));
            double[][] w = NaiveMining.distanceWeights(distance, d, ids, ids, D, dw.getCutoff(), dw.getNonzeroLossCutoff());
            int expected = 0;
            for (int a = 0; a < B; a++) {
                double total = 0;
                for (double v : w[a]) total += v;
                for (int p = 0; p < B; p++) expected += total > 0 && NaiveMining.isPositive(ids, ids, a, p) ? 1 : 0;
            }
            assertEquals(expected, drawn.size(), "one draw per (anchor with an allowed negative, positive)");
            for (int[] t : drawn) {
                assertTrue(NaiveMining.isPositive(ids, ids, t[0], t[1]), "drawn positive " + t[1] + " of " + t[0]);
                assertTrue(w[t[0]][t[2]] > 0, "drawn negative " + t[2] + " of " + t[0] + " is not allowed");
            }
            return new Picked(drawn, null);
        }
        throw new AssertionError(miner);
    }

    static double hinge(double z, boolean soft) {
        return soft ? Math.log1p(Math.exp(z)) : Math.max(0, z + TRIPLET_MARGIN);
    }

    static double logSumExp(List<Double> v) {
        double top = Double.NEGATIVE_INFINITY;
        for (double t : v) top = Math.max(top, t);
        double s = 0;
        for (double t : v) s += Math.exp(t - top);
        return top + Math.log(s);
    }

    /** The loss's formula over the picked pairs or triplets: per-row contributions whose mean is the loss. */
    static double[] naivePerRow(Kind kind, double[][] d, Picked picked) {
        double[] r = new double[B];
        if (kind == Kind.BATCH_TRIPLET || kind == Kind.BATCH_TRIPLET_SOFT) {
            boolean soft = kind == Kind.BATCH_TRIPLET_SOFT;
            if (picked.triplets != null) {
                // mean over the valid mined triplets
                for (int[] t : picked.triplets) r[t[0]] += hinge(d[t[0]][t[1]] - d[t[0]][t[2]], soft);
                for (int a = 0; a < B; a++) r[a] = picked.triplets.isEmpty() ? 0 : r[a] * B / picked.triplets.size();
            } else {
                // every (mined positive, mined negative) combination, averaged over those with a positive loss
                int active = 0;
                for (int a = 0; a < B; a++) {
                    for (int p = 0; p < B; p++) {
                        if (!picked.pairs.pos[a][p]) continue;
                        for (int n = 0; n < B; n++) {
                            if (!picked.pairs.neg[a][n]) continue;
                            double l = hinge(d[a][p] - d[a][n], soft);
                            r[a] += l;
                            if (l > 0) active++;
                        }
                    }
                }
                for (int a = 0; a < B; a++) r[a] = active == 0 ? 0 : r[a] * B / active;
            }
            return r;
        }
        NaiveMining.Pairs pairs = picked.pairs != null ? picked.pairs : NaiveMining.pairsOf(picked.triplets, B, B);
        if (kind == Kind.MULTI_SIMILARITY) {
            for (int a = 0; a < B; a++) {
                double pos = 0, neg = 0;
                for (int j = 0; j < B; j++) {
                    double s = 1 - d[a][j];
                    if (pairs.pos[a][j]) pos += Math.exp(-MS_ALPHA * (s - MS_LAMBDA));
                    if (pairs.neg[a][j]) neg += Math.exp(MS_BETA * (s - MS_LAMBDA));
                }
                r[a] = Math.log(1 + pos) / MS_ALPHA + Math.log(1 + neg) / MS_BETA;   // mean over all B rows
            }
            return r;
        }
        boolean[] valid = new boolean[B];
        int validCount = 0;
        for (int a = 0; a < B; a++) {
            boolean p = false, n = false;
            for (int j = 0; j < B; j++) {
                p |= pairs.pos[a][j];
                n |= pairs.neg[a][j];
            }
            valid[a] = p && n;
            validCount += valid[a] ? 1 : 0;
        }
        for (int a = 0; a < B; a++) {
            if (!valid[a]) continue;
            List<Double> lp = new ArrayList<>(), ln = new ArrayList<>();
            switch (kind) {
                case CIRCLE: {
                    for (int j = 0; j < B; j++) {
                        double s = 1 - d[a][j];
                        if (pairs.pos[a][j]) lp.add(-CIRCLE_GAMMA * Math.max(0, 1 + CIRCLE_M - s) * (s - (1 - CIRCLE_M)));
                        if (pairs.neg[a][j]) ln.add(CIRCLE_GAMMA * Math.max(0, s + CIRCLE_M) * (s - CIRCLE_M));
                    }
                    double u = logSumExp(lp) + logSumExp(ln);
                    r[a] = u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
                    break;
                }
                case SUPCON: {
                    List<Double> all = new ArrayList<>();
                    double meanPositive = 0;
                    int positives = 0;
                    for (int j = 0; j < B; j++) {
                        double z = (1 - d[a][j]) / SUPCON_TAU;
                        if (pairs.pos[a][j] || pairs.neg[a][j]) all.add(z);
                        if (pairs.pos[a][j]) {
                            meanPositive += z;
                            positives++;
                        }
                    }
                    r[a] = logSumExp(all) - meanPositive / positives;
                    break;
                }
                case LIFTED: {
                    for (int j = 0; j < B; j++) {
                        if (pairs.pos[a][j]) lp.add(d[a][j] - LIFTED_MPOS);
                        if (pairs.neg[a][j]) ln.add(LIFTED_MNEG - d[a][j]);
                    }
                    r[a] = Math.max(0, logSumExp(lp) + logSumExp(ln));
                    break;
                }
                default:
                    throw new AssertionError(kind);
            }
            r[a] *= (double) B / validCount;
        }
        return r;
    }

    // ------------------------------------------------------------------ value and gradient

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndMiners")
    void scoreMatchesNaiveReference(Kind kind, Miner miner) {
        double[][] x = embeddings(7);
        double[][] d = NaiveMining.distances(kind.distance, x, x);
        double[] expected = naivePerRow(kind, d, pick(miner, kind.distance, d, x, IDS));

        LabelledBatchLoss raw = kind.build(miner);
        assertEquals(miner, raw.get(LabelledBatchLoss.MINER));
        assertEquals(miner, raw.miner());
        ILossFunction loss = new Reseeded(raw);
        INDArray pre = Nd4j.createFromArray(x);
        INDArray perRow = loss.computeScoreArray(labels(IDS), pre, IDENTITY, null);
        assertArrayEquals(new long[]{B, 1}, perRow.shape());
        double sum = 0, scale = 0;
        for (double e : expected) {
            sum += e;
            scale = Math.max(scale, Math.abs(e));
        }
        assertTrue(scale > 0, "the case should have a positive loss, or it tests nothing");
        StringBuilder diff = new StringBuilder();
        for (int a = 0; a < B; a++) {
            double got = perRow.getDouble(a, 0);
            if (!(Math.abs(got - expected[a]) <= 1e-10 * Math.max(Math.abs(expected[a]), 1e-3 * scale))) {
                diff.append(String.format("%n  row %d: expected %.15g, got %.15g", a, expected[a], got));
            }
        }
        assertTrue(diff.length() == 0, kind + " with " + miner + ": per-row contributions differ from the naive "
                + "reference:" + diff);
        double mean = loss.computeScore(labels(IDS), pre, IDENTITY, null, true);
        assertEquals(sum / B, mean, 1e-10 * Math.abs(sum / B), "score = mean of the per-row contributions");
        Pair<Double, INDArray> both = loss.computeGradientAndScore(labels(IDS), pre, IDENTITY, null, true);
        assertEquals(mean, both.getFirst(), 1e-12 * Math.abs(mean));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndMiners")
    void gradientMatchesFiniteDifferences(Kind kind, Miner miner) {
        ILossFunction loss = new Reseeded(kind.build(miner));
        INDArray pre = Nd4j.createFromArray(embeddings(9, FD_IDS.length, FD_D));
        double[][] analytic = loss.computeGradient(labels(FD_IDS), pre, IDENTITY, null).toDoubleMatrix();
        double[][] numeric = FiniteDifferences.numericGradient(loss, labels(FD_IDS), pre, IDENTITY, null).toDoubleMatrix();
        double maxAbs = 0;
        for (double[] row : analytic) {
            for (double v : row) maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        assertTrue(maxAbs > 1e-3, kind + " with " + miner + ": gradient is all zeros, the check proves nothing");
        // relative error per entry; entries below 1e-3 of the largest are compared on that scale instead (with
        // γ = 80 the circle loss's gradient reaches hundreds, and finite differences of its score carry ~1e-8 of
        // rounding noise in absolute terms)
        double worst = 0;
        String where = "-";
        for (int i = 0; i < analytic.length; i++) {
            for (int j = 0; j < analytic[i].length; j++) {
                double a = analytic[i][j], n = numeric[i][j];
                double err = Math.abs(a - n) / Math.max(Math.max(Math.abs(a), Math.abs(n)), 1e-3 * maxAbs);
                if (!(err <= worst)) {
                    worst = err;
                    where = "(" + i + "," + j + ") analytic=" + a + " numeric=" + n;
                }
            }
        }
        assertTrue(worst <= 1e-6, kind + " with " + miner + ": relative error " + worst + " at " + where
                + ", max|grad|=" + maxAbs);
    }

    /** FLOAT against the same naive reference (double), to float precision. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndMiners")
    void floatScoreMatchesNaiveReference(Kind kind, Miner miner) {
        double[][] x = embeddings(7);
        double[][] d = NaiveMining.distances(kind.distance, x, x);
        double[] expected = naivePerRow(kind, d, pick(miner, kind.distance, d, x, IDS));
        INDArray perRow = new Reseeded(kind.build(miner)).computeScoreArray(labels(IDS).castTo(DataType.FLOAT),
                Nd4j.createFromArray(x).castTo(DataType.FLOAT), IDENTITY, null);
        assertEquals(DataType.FLOAT, perRow.dataType());
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int a = 0; a < B; a++) {
            assertEquals(expected[a], perRow.getDouble(a, 0), 2e-4 * scale, kind + " with " + miner + ", row " + a);
        }
    }

    /** A per-example mask removes rows before mining: the kept rows score as the sub-batch, scaled by B/V. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndMiners")
    void maskedRowsAreRemovedBeforeMining(Kind kind, Miner miner) {
        ILossFunction loss = new Reseeded(kind.build(miner));
        double[][] x = embeddings(19);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, B, 1);
        int[] dropped = {2, 7};
        for (int i : dropped) mask.putScalar(i, 0, 0.0);
        int kept = B - dropped.length;
        double[][] keptX = new double[kept][];
        double[] keptIds = new double[kept];
        for (int i = 0, k = 0; i < B; i++) {
            if (i == dropped[0] || i == dropped[1]) continue;
            keptX[k] = x[i];
            keptIds[k++] = IDS[i];
        }
        INDArray full = loss.computeScoreArray(labels(IDS), Nd4j.createFromArray(x), IDENTITY, mask);
        INDArray sub = loss.computeScoreArray(labels(keptIds), Nd4j.createFromArray(keptX), IDENTITY, null);
        for (int i = 0, k = 0; i < B; i++) {
            boolean isDropped = i == dropped[0] || i == dropped[1];
            double expected = isDropped ? 0 : sub.getDouble(k++, 0) * B / kept;
            assertEquals(expected, full.getDouble(i, 0), 1e-12 * Math.max(1, Math.abs(expected)), kind + " " + miner
                    + " row " + i);
        }
        assertTrue(sub.sumNumber().doubleValue() > 0);
    }

    @Test
    void lossesWithDifferentMinersDiffer() {
        for (Kind kind : Kind.values()) {
            List<Miner> all = miners();
            for (int i = 0; i < all.size(); i++) {
                for (int j = 0; j < all.size(); j++) {
                    assertEquals(i == j, kind.build(all.get(i)).equals(kind.build(all.get(j))), kind + ": " + all.get(i)
                            + " vs " + all.get(j));
                }
                assertNotEquals(kind.build(null), kind.build(all.get(i)));
                assertEquals(kind.build(all.get(i)).hashCode(), kind.build(all.get(i)).hashCode());
            }
            assertEquals(kind.build(new MultiSimilarityMiner(0.3)), kind.build(new MultiSimilarityMiner(0.3)));
            assertNotEquals(kind.build(new MultiSimilarityMiner(0.3)), kind.build(new MultiSimilarityMiner(0.4)));
            assertTrue(kind.build(new MultiSimilarityMiner(0.3)).toString().contains("MultiSimilarityMiner"),
                    kind.build(new MultiSimilarityMiner(0.3)).toString());
        }
    }

    /** A miner given explicitly that is the loss's own mining gives exactly the default's score and gradient. */
    @Test
    void explicitMinerEqualToTheOwnMiningGivesTheSameResult() {
        List<LabelledBatchLoss[]> same = new ArrayList<>();
        same.add(new LabelledBatchLoss[]{LossBatchTriplet.builder()
                .with(LossBatchTriplet.MINING, TripletMining.ALL).build(),
                LossBatchTriplet.builder().with(LossBatchTriplet.MINER, new AllPairsMiner()).build()});
        same.add(new LabelledBatchLoss[]{LossBatchTriplet.builder()
                .with(LossBatchTriplet.MINING, TripletMining.HARD).build(),
                LossBatchTriplet.builder().with(LossBatchTriplet.MINER, new BatchHardMiner()).build()});
        same.add(new LabelledBatchLoss[]{new LossBatchTriplet(),
                LossBatchTriplet.builder().with(LossBatchTriplet.MINER, new SemiHardMiner()).build()});
        same.add(new LabelledBatchLoss[]{new LossMultiSimilarity(),
                LossMultiSimilarity.builder().with(LossMultiSimilarity.MINER, new MultiSimilarityMiner(0.1)).build()});
        same.add(new LabelledBatchLoss[]{LossMultiSimilarity.builder().with(LossMultiSimilarity.MINE, false).build(),
                LossMultiSimilarity.builder().with(LossMultiSimilarity.MINER, new AllPairsMiner()).build()});
        same.add(new LabelledBatchLoss[]{new LossCircle(), LossCircle.builder()
                .with(LossCircle.MINER, new AllPairsMiner()).build()});
        same.add(new LabelledBatchLoss[]{new LossSupCon(), LossSupCon.builder()
                .with(LossSupCon.MINER, new AllPairsMiner()).build()});
        same.add(new LabelledBatchLoss[]{new LossLiftedStructure(),
                LossLiftedStructure.builder().with(LossLiftedStructure.MINER, new AllPairsMiner()).build()});
        INDArray pre = Nd4j.createFromArray(embeddings(11));
        for (LabelledBatchLoss[] p : same) {
            assertEquals(DefaultMining.INSTANCE, p[0].get(LabelledBatchLoss.MINER));
            assertEquals(p[0].miner(), p[1].miner(), p[0].name());
            assertNotEquals(p[0], p[1], "a loss with an explicit miner is a different configuration");
            Pair<Double, INDArray> a = p[0].computeGradientAndScore(labels(IDS), pre, IDENTITY, null, true);
            Pair<Double, INDArray> b = p[1].computeGradientAndScore(labels(IDS), pre, IDENTITY, null, true);
            assertTrue(a.getFirst() > 0, p[0].name());
            assertEquals(a.getFirst(), b.getFirst(), 0.0, p[0] + " vs " + p[1]);
            assertEquals(a.getSecond(), b.getSecond(), p[0] + " vs " + p[1]);
        }
    }

    /** One class, or no repeated class: nothing to mine, the batch scores 0 with a zero gradient (never NaN). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void degenerateBatchesScoreZero(Kind kind) {
        INDArray pre = Nd4j.createFromArray(embeddings(13));
        double[] oneClass = new double[B];
        double[] singletons = new double[B];
        for (int i = 0; i < B; i++) singletons[i] = i;
        for (Miner miner : miners()) {
            ILossFunction loss = new Reseeded(kind.build(miner));
            for (double[] ids : new double[][]{oneClass, singletons}) {
                Pair<Double, INDArray> r = loss.computeGradientAndScore(labels(ids), pre, IDENTITY, null, true);
                assertEquals(0.0, r.getFirst(), 0.0, kind + " " + miner);
                assertEquals(0.0, r.getSecond().norm1Number().doubleValue(), 0.0, kind + " " + miner);
                assertEquals(0.0, loss.computeScoreArray(labels(ids), pre, IDENTITY, null).norm1Number().doubleValue(),
                        0.0, kind + " " + miner);
            }
        }
    }

    // ------------------------------------------------------------------ JSON and Java serialization

    static final ObjectMapper TREE = new ObjectMapper();

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndMiners")
    void jsonAndJavaSerializationKeepTheMiner(Kind kind, Miner miner) throws Exception {
        LabelledBatchLoss loss = kind.build(miner);
        String json = LossJson.toJson(loss);
        JsonNode tree = TREE.readTree(json);
        assertTrue(tree.has("miner"), json);
        assertEquals(miner.getClass().getName(), tree.get("miner").path("@class").asText(), json);

        ILossFunction back = LossJson.fromJson(json);
        assertEquals(loss, back, json);
        assertEquals(loss.hashCode(), back.hashCode());
        assertEquals(miner, ((LabelledBatchLoss) back).get(LabelledBatchLoss.MINER));
        assertEquals(json, LossJson.toJson(back), "writes the same JSON again");
        // the DL4J mapper as a network configuration uses it
        assertEquals(loss, NeuralNetConfiguration.mapper().readValue(
                NeuralNetConfiguration.mapper().writeValueAsString(loss), ILossFunction.class));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(loss);
        }
        ILossFunction javaBack;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            javaBack = (ILossFunction) in.readObject();
        }
        assertEquals(loss, javaBack);

        INDArray pre = Nd4j.createFromArray(embeddings(17));
        double score = new Reseeded(loss).computeScore(labels(IDS), pre, IDENTITY, null, true);
        assertTrue(score > 0);
        assertEquals(score, new Reseeded(back).computeScore(labels(IDS), pre, IDENTITY, null, true), 0.0, "from JSON");
        assertEquals(score, new Reseeded(javaBack).computeScore(labels(IDS), pre, IDENTITY, null, true), 0.0,
                "from Java serialization");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void jsonWithoutMinerHasNoMinerProperty(Kind kind) throws Exception {
        LabelledBatchLoss loss = kind.build(null);
        String json = LossJson.toJson(loss);
        assertFalse(TREE.readTree(json).has("miner"), "older JSON stays the same: " + json);
        assertFalse(json.contains("miner"), json);
        ILossFunction back = LossJson.fromJson(json);
        assertEquals(loss, back);
        assertEquals(DefaultMining.INSTANCE, ((LabelledBatchLoss) back).get(LabelledBatchLoss.MINER));
    }

    /** An explicit {@link DefaultMining} is the same configuration as none, and writes the same JSON. */
    @Test
    void explicitDefaultMiningIsTheDefault() {
        assertEquals(new LossBatchTriplet(), LossBatchTriplet.builder()
                .with(LossBatchTriplet.MINER, DefaultMining.INSTANCE).build());
        assertEquals(LossJson.toJson(new LossCircle()), LossJson.toJson(LossCircle.builder()
                .with(LossCircle.MINER, new DefaultMining()).build()));
    }

    /** JSON of a LossMultiSimilarity with a miner, whose miner object is replaced by {@code miner}. */
    private static String withMiner(String minerJson) throws Exception {
        ObjectNode tree = (ObjectNode) TREE.readTree(LossJson.toJson(
                LossMultiSimilarity.builder().with(LossMultiSimilarity.MINER, new MultiSimilarityMiner(0.2)).build()));
        tree.set("miner", TREE.readTree(minerJson));
        return TREE.writeValueAsString(tree);
    }

    private static String refusal(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossJson.fromJson(json), json);
        return e.getMessage();
    }

    @Test
    void badMinerInJsonIsRefusedNamingTheProblem() throws Exception {
        String ms = MultiSimilarityMiner.class.getName();
        String m = refusal(withMiner("{\"@class\": \"" + ms + "\", \"epsilon\": -1}"));
        assertTrue(m.contains("MultiSimilarityMiner") && m.contains("epsilon") && m.contains("-1"), m);

        String dw = DistanceWeightedMiner.class.getName();
        m = refusal(withMiner("{\"@class\": \"" + dw + "\", \"cutoff\": 0.5, \"nonzeroLossCutoff\": 0.4}"));
        assertTrue(m.contains("DistanceWeightedMiner") && m.contains("nonzeroLossCutoff") && m.contains("0.4"), m);

        m = refusal(withMiner("{\"@class\": \"io.github.dl4jlosses.mining.NoSuchMiner\"}"));
        assertTrue(m.contains("miner") && m.contains("NoSuchMiner"), "an unknown miner class: " + m);

        m = refusal(withMiner("{\"@class\": \"" + LossCircle.class.getName() + "\"}"));
        assertTrue(m.contains("miner") && m.contains("LossCircle"), "a class that is not a miner: " + m);

        m = refusal(withMiner("{\"epsilon\": 0.2}"));
        assertTrue(m.contains("miner"), "a miner without its @class: " + m);

        m = refusal(withMiner("\"BatchHardMiner\""));
        assertTrue(m.contains("miner"), "a miner as a string: " + m);
    }
}
