package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.HostKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every miner against a naive reference written with plain loops in double ({@link NaiveMining}), on random
 * batches of several class layouts (P×K, singletons, one class, no repeated class, references beyond the
 * queries as a cross-batch memory has them), in FLOAT and DOUBLE and on every distance; their value semantics
 * and the checks of their parameters.
 */
@ExtendWith(HostKernels.class)
class MinerTest {

    /** A class layout: query ids, and reference ids that begin with them (longer for a cross-batch memory). */
    static final class Layout {
        final String name;
        final double[] q;
        final double[] r;

        Layout(String name, double[] q, double[] extra) {
            this.name = name;
            this.q = q;
            this.r = new double[q.length + extra.length];
            System.arraycopy(q, 0, r, 0, q.length);
            System.arraycopy(extra, 0, r, q.length, extra.length);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Layout> layouts() {
        return List.of(
                new Layout("PxK[3x4]", new double[]{2, 0, 1, 1, 0, 2, 0, 1, 2, 0, 2, 1}, new double[0]),
                new Layout("singletons", new double[]{0, 0, 0, 1, 1, 2, 3, 3, 3, 3, 4}, new double[0]),
                new Layout("unbalanced", new double[]{0, 1, 1, 1, 1, 1, 1, 0}, new double[0]),
                new Layout("oneClass", new double[]{3, 3, 3, 3, 3, 3}, new double[0]),
                new Layout("noRepeatedClass", new double[]{0, 1, 2, 3, 4, 5}, new double[0]),
                new Layout("crossBatch", new double[]{0, 1, 1, 2, 3, 0, 4}, new double[]{1, 0, 2, 5, 5, 1, 3, 0, 2}));
    }

    static Stream<Arguments> layoutsTypesDistances() {
        List<Arguments> out = new ArrayList<>();
        for (Layout l : layouts()) {
            for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
                for (Distance d : Distance.values()) out.add(Arguments.of(l, type, d));
            }
        }
        return out.stream();
    }

    /** A batch of random embeddings, its distances in {@code type}, and the distances as the miner sees them. */
    static final class Batch {
        final Layout layout;
        final LabelledDistances ld;
        /** The distances the miner sees, read back in double (after rounding to {@code type}). */
        final double[][] d;

        Batch(Layout layout, LabelledDistances ld, double[][] d) {
            this.layout = layout;
            this.ld = ld;
            this.d = d;
        }
    }

    static double[][] gaussian(long seed, int rows, int dim, boolean unit) {
        Random rnd = new Random(seed);
        double[][] x = new double[rows][dim];
        for (int i = 0; i < rows; i++) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                x[i][k] = rnd.nextGaussian();
                norm += x[i][k] * x[i][k];
            }
            if (unit) {
                for (int k = 0; k < dim; k++) x[i][k] /= Math.sqrt(norm);
            }
        }
        return x;
    }

    static LabelledDistances labelled(Distance distance, double[][] d, double[] q, double[] r, DataType type, long dim) {
        INDArray dm = Nd4j.createFromArray(d).castTo(type);
        INDArray qi = Nd4j.createFromArray(q).reshape(q.length, 1).castTo(type);
        INDArray ri = Nd4j.createFromArray(r).reshape(r.length, 1).castTo(type);
        return q.length == r.length ? LabelledDistances.within(distance, dm, qi, dim)
                : LabelledDistances.of(distance, dm, qi, ri, dim);
    }

    static Batch batch(Layout l, DataType type, Distance distance, long seed, int dim, boolean unit) {
        double[][] x = gaussian(seed, l.r.length, dim, unit);
        double[][] queries = Arrays.copyOf(x, l.q.length);
        LabelledDistances ld = labelled(distance, NaiveMining.distances(distance, queries, x), l.q, l.r, type, dim);
        return new Batch(l, ld, ld.distances.castTo(DataType.DOUBLE).toDoubleMatrix());
    }

    static Batch batch(Layout l, DataType type, Distance distance) {
        return batch(l, type, distance, 1000 + l.name.hashCode(), 5, false);
    }

    private static void assertPairs(String what, NaiveMining.Pairs expected, Mined mined, DataType type) {
        assertEquals(type, mined.positives().dataType(), what + ": masks keep the data type");
        assertEquals(type, mined.negatives().dataType(), what + ": masks keep the data type");
        String p = NaiveMining.differences(what + " positives", expected.pos, NaiveMining.mask(mined.positives()));
        String n = NaiveMining.differences(what + " negatives", expected.neg, NaiveMining.mask(mined.negatives()));
        assertTrue(p.isEmpty() && n.isEmpty(), p + " " + n);
    }

    private static void assertTriplets(String what, List<int[]> expected, Mined mined, Batch b) {
        assertEquals(NaiveMining.keys(expected), NaiveMining.keys(NaiveMining.triplets(mined)), what + ": valid triplets (a,p,n)");
        // as pairs: every pair some valid triplet uses
        assertPairs(what + " as pairs", NaiveMining.pairsOf(expected, b.layout.q.length, b.layout.r.length), mined,
                b.ld.dataType());
    }

    // ------------------------------------------------------------------ candidates and the deterministic miners

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("layoutsTypesDistances")
    void candidatePairsAreSameClassAndOtherClass(Layout l, DataType type, Distance distance) {
        Batch b = batch(l, type, distance);
        assertEquals(l.q.length, b.ld.queries());
        assertEquals(l.r.length, b.ld.references());
        assertEquals(5, b.ld.dimension);
        NaiveMining.Pairs c = NaiveMining.candidates(l.q, l.r);
        String p = NaiveMining.differences("positives", c.pos, NaiveMining.mask(b.ld.positives));
        String n = NaiveMining.differences("negatives", c.neg, NaiveMining.mask(b.ld.negatives));
        assertTrue(p.isEmpty() && n.isEmpty(), p + " " + n);
    }

    /**
     * The candidate masks by both routes (FLOAT on the host, where the kernels load, and by libnd4j) for every layout,
     * and ids that only doubles tell apart (2^24 and 2^24 + 1 round to one float): they stay of different classes.
     */
    @Test
    void candidateMasksOnBothRoutesAndIdsBeyondFloat() {
        List<Layout> cases = new ArrayList<>(layouts());
        double big = 1 << 24;
        cases.add(new Layout("beyondFloat", new double[]{big, big + 1, big, big + 1, 3}, new double[]{big + 1, big}));
        for (String route : HostKernels.hostPassRoutes(DataType.FLOAT)) {
            HostKernels.useHostPassRoute(route);
            for (Layout l : cases) {
                double[][] x = gaussian(7, l.r.length, 4, false);
                INDArray d = Nd4j.createFromArray(NaiveMining.distances(Distance.EUCLIDEAN,
                        Arrays.copyOf(x, l.q.length), x)).castTo(DataType.FLOAT);
                // ids in DOUBLE (FLOAT ids would have rounded 2^24 + 1 already)
                LabelledDistances ld = LabelledDistances.of(Distance.EUCLIDEAN, d,
                        Nd4j.createFromArray(l.q).reshape(l.q.length, 1), Nd4j.createFromArray(l.r).reshape(l.r.length, 1), 4);
                assertEquals(DataType.FLOAT, ld.positives.dataType());
                assertEquals(DataType.FLOAT, ld.negatives.dataType());
                assertArrayEquals(new long[]{l.q.length, l.r.length}, ld.negatives.shape());
                NaiveMining.Pairs c = NaiveMining.candidates(l.q, l.r);
                String p = NaiveMining.differences("positives", c.pos, NaiveMining.mask(ld.positives));
                String n = NaiveMining.differences("negatives", c.neg, NaiveMining.mask(ld.negatives));
                assertTrue(p.isEmpty() && n.isEmpty(), l + " by " + route + ": " + p + " " + n);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("layoutsTypesDistances")
    void allPairsMatchesLoops(Layout l, DataType type, Distance distance) {
        Batch b = batch(l, type, distance);
        Mined mined = new AllPairsMiner().mine(b.ld);
        assertFalse(mined.isTriplets(), "AllPairsMiner answers with pairs");
        assertPairs("AllPairsMiner", NaiveMining.allPairs(l.q, l.r), mined, type);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("layoutsTypesDistances")
    void batchHardMatchesLoops(Layout l, DataType type, Distance distance) {
        Batch b = batch(l, type, distance);
        Mined mined = new BatchHardMiner().mine(b.ld);
        List<int[]> expected = NaiveMining.batchHard(b.d, l.q, l.r);
        if (!expected.isEmpty()) {
            assertTrue(mined.isTriplets(), "BatchHardMiner answers with triplets");
            assertArrayEquals(new long[]{l.q.length, 1}, mined.triplets().valid.shape(), "one slot per anchor");
        }
        assertTriplets("BatchHardMiner", expected, mined, b);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("layoutsTypesDistances")
    void semiHardMatchesLoops(Layout l, DataType type, Distance distance) {
        Batch b = batch(l, type, distance);
        List<int[]> expected = NaiveMining.semiHard(b.d, l.q, l.r);
        for (SemiHardMiner miner : new SemiHardMiner[]{new SemiHardMiner(), new SemiHardMiner(1), new SemiHardMiner(37)}) {
            Mined mined = miner.mine(b.ld);
            assertTriplets("SemiHardMiner", expected, mined, b);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("layoutsTypesDistances")
    void multiSimilarityMatchesLoops(Layout l, DataType type, Distance distance) {
        Batch b = batch(l, type, distance);
        int kept = 0;
        for (String route : HostKernels.hostPassRoutes(type)) {   // FLOAT: on the host (both kernels) and by libnd4j
            HostKernels.useHostPassRoute(route);
            kept = 0;
            for (double eps : new double[]{0.0, 0.1, 0.5, 3.0}) {
                Mined mined = new MultiSimilarityMiner(eps).mine(b.ld);
                assertFalse(mined.isTriplets(), "MultiSimilarityMiner answers with pairs");
                NaiveMining.Pairs expected = NaiveMining.multiSimilarity(distance, b.d, l.q, l.r, eps);
                assertPairs("MultiSimilarityMiner(" + eps + ") by " + route, expected, mined, type);
                kept += expected.count();
            }
        }
        boolean anyAnchorWithBoth = !NaiveMining.batchHard(b.d, l.q, l.r).isEmpty();
        assertEquals(anyAnchorWithBoth, kept > 0, "pairs are kept exactly when some anchor has a positive and a negative");
    }

    /** A miner keeps its selection semantics however far the rows are: a layout where the rule keeps only some. */
    @Test
    void multiSimilarityKeepsSomeAndDropsSomeOnEveryDistance() {
        Layout l = layouts().get(0);
        for (Distance distance : Distance.values()) {
            Batch b = batch(l, DataType.DOUBLE, distance);
            NaiveMining.Pairs all = NaiveMining.allPairs(l.q, l.r);
            NaiveMining.Pairs ms = NaiveMining.multiSimilarity(distance, b.d, l.q, l.r, 0.1);
            assertTrue(ms.count() > 0 && ms.count() < all.count(), distance + ": the case should keep some pairs and "
                    + "drop others, kept " + ms.count() + " of " + all.count());
        }
    }

    /** Ties: the lowest index wins. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void tiesPickTheLowestIndex(DataType type) {
        double[] ids = {0, 0, 0, 1, 1, 1};
        double[][] d = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) d[i][j] = i == j ? 0 : ids[i] == ids[j] ? 1 : 2;
        }
        LabelledDistances ld = labelled(Distance.EUCLIDEAN, d, ids, ids, type, 3);
        Batch b = new Batch(new Layout("ties", ids, new double[0]), ld, d);
        List<int[]> hard = NaiveMining.triplets(new BatchHardMiner().mine(ld));
        assertEquals(List.of("000,001,003", "001,000,003", "002,000,003", "003,004,000", "004,003,000", "005,003,000"),
                NaiveMining.keys(hard), "batch hard: farthest positive and closest negative of lowest index");
        assertTriplets("SemiHardMiner", NaiveMining.semiHard(d, ids, ids), new SemiHardMiner().mine(ld), b);
    }

    /**
     * Mining is a selection: it must leave the caller's distances and masks as they were (a loss goes on to compute
     * its formula and gradient on the very same {@code LabelledDistances}).
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("layoutsTypesDistances")
    void minersLeaveTheDistancesAndMasksUnchanged(Layout l, DataType type, Distance distance) {
        Batch b = batch(l, type, distance, 3000 + l.name.hashCode(), 8, true);
        INDArray d = b.ld.distances.dup();
        INDArray pos = b.ld.positives.dup();
        INDArray neg = b.ld.negatives.dup();
        for (Miner miner : miners()) {
            if (miner instanceof DistanceWeightedMiner && distance == Distance.MANHATTAN) continue;
            miner.mine(b.ld);
            assertEquals(d, b.ld.distances, miner + " modified the distances it mined from");
            assertEquals(pos, b.ld.positives, miner + " modified the candidate positives");
            assertEquals(neg, b.ld.negatives, miner + " modified the candidate negatives");
        }
    }

    /**
     * Minimal case of the above: Euclidean distances in DOUBLE, 3 rows of width 8. The distance-weighted miner's
     * {@code unitEuclidean} returns the caller's matrix itself and {@code castTo(DOUBLE)} of a DOUBLE array is that
     * same array, so the in-place clip {@code Transforms.min(Transforms.max(e, cutoff, false), high, false)} clamps
     * the caller's distances into [0.5, 1.4]; a loss then scores and differentiates clamped distances.
     */
    @Test
    void distanceWeightedLeavesEuclideanDoubleDistancesUnchanged() {
        double[][] d = {{0, 0.3, 1.9}, {0.3, 0, 1.0}, {1.9, 1.0, 0}};
        LabelledDistances ld = labelled(Distance.EUCLIDEAN, d, new double[]{0, 0, 1}, new double[]{0, 0, 1},
                DataType.DOUBLE, 8);
        new DistanceWeightedMiner().mine(ld);
        assertEquals(Nd4j.createFromArray(d), ld.distances, "distances after mining, expected unchanged");
    }

    /**
     * Minimal case for the candidate negatives: cosine distances in DOUBLE, anchor 0's only negative (row 2) at
     * unit-sphere distance √(2·1.5) ≈ 1.73 ≥ 1.4. {@code batch.negatives.castTo(DOUBLE)} is the caller's mask itself
     * in DOUBLE, and {@code .muli(e < nonzeroLossCutoff)} clears the negatives beyond the cutoff in it.
     */
    @Test
    void distanceWeightedLeavesTheCandidateNegativesUnchanged() {
        double[][] d = {{0, 0.1, 1.5}, {0.1, 0, 0.5}, {1.5, 0.5, 0}};
        LabelledDistances ld = labelled(Distance.COSINE, d, new double[]{0, 0, 1}, new double[]{0, 0, 1},
                DataType.DOUBLE, 8);
        INDArray negatives = ld.negatives.dup();
        new DistanceWeightedMiner().mine(ld);
        assertEquals(negatives, ld.negatives, "candidate negatives after mining, expected unchanged");
    }

    // ------------------------------------------------------------------ distance-weighted sampling

    static Stream<Arguments> layoutsTypesUnitDistances() {
        return layoutsTypesDistances().filter(a -> a.get()[2] != Distance.MANHATTAN);
    }

    /** Every drawn negative is an allowed negative (positive weight); every positive of an anchor that has one gets a slot. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("layoutsTypesUnitDistances")
    void distanceWeightedDrawsOnlyAllowedNegatives(Layout l, DataType type, Distance distance) {
        Batch b = batch(l, type, distance, 2000 + l.name.hashCode(), 8, true);
        double[][] w = NaiveMining.distanceWeights(distance, b.d, l.q, l.r, 8, 0.5, 1.4);
        Nd4j.getRandom().setSeed(11);
        DistanceWeightedMiner miner = new DistanceWeightedMiner();
        for (int round = 0; round < 3; round++) {
            Mined mined = miner.mine(b.ld);
            List<int[]> got = NaiveMining.triplets(mined);
            List<String> expectedPositives = new ArrayList<>();
            for (int a = 0; a < l.q.length; a++) {
                double total = 0;
                for (double v : w[a]) total += v;
                if (total == 0) continue;    // no allowed negative: no triplet
                for (int p = 0; p < l.r.length; p++) {
                    if (NaiveMining.isPositive(l.q, l.r, a, p)) expectedPositives.add(String.format("%03d,%03d", a, p));
                }
            }
            List<String> gotPositives = new ArrayList<>();
            for (int[] t : got) {
                gotPositives.add(String.format("%03d,%03d", t[0], t[1]));
                assertTrue(w[t[0]][t[2]] > 0, "drawn negative " + t[2] + " of anchor " + t[0] + " is not an allowed "
                        + "negative (naive weight " + w[t[0]][t[2]] + ", distance " + b.d[t[0]][t[2]] + ")");
            }
            gotPositives.sort(null);
            assertEquals(expectedPositives, gotPositives, "one triplet per (anchor with an allowed negative, positive)");
            assertPairs("DistanceWeightedMiner as pairs", NaiveMining.pairsOf(got, l.q.length, l.r.length), mined, type);
        }
    }

    /** Unit vector at Euclidean distance e from the unit vector a (a random direction orthogonal to a). */
    private static double[] atDistance(double[] a, double e, Random rnd) {
        int dim = a.length;
        double[] u = new double[dim];
        double dot = 0;
        for (int k = 0; k < dim; k++) {
            u[k] = rnd.nextGaussian();
            dot += u[k] * a[k];
        }
        double norm = 0;
        for (int k = 0; k < dim; k++) {
            u[k] -= dot * a[k];
            norm += u[k] * u[k];
        }
        double cos = 1 - e * e / 2;
        double sin = Math.sqrt(1 - cos * cos);
        double[] v = new double[dim];
        for (int k = 0; k < dim; k++) v[k] = cos * a[k] + sin * u[k] / Math.sqrt(norm);
        return v;
    }

    private static final int DW_DIM = 8;
    private static final int DW_POSITIVES = 400;
    /** Euclidean distances of anchor 0's negatives: two below the 0.5 clip, two at or beyond 1.4 (never drawn). */
    private static final double[] DW_NEGATIVES = {0.3, 0.45, 0.7, 0.9, 1.1, 1.3, 1.38, 1.42, 1.6};

    /**
     * Queries 0 (class 0, at e1), 1 (class 1, at −e1: every negative farther than 1.4, so no triplet) and 2 (a
     * class of its own: no positive); references: the queries, 400 rows of class 0 close to e1 (anchor 0's
     * positives: 400 draws per call) and class-1 rows at {@link #DW_NEGATIVES} from e1 (anchor 0's negatives).
     */
    private static Batch distanceWeightedCase(Distance distance, DataType type) {
        Random rnd = new Random(5);
        double[] e1 = new double[DW_DIM];
        double[] e2 = new double[DW_DIM];
        e1[0] = 1;
        e2[1] = 1;
        double[] minusE1 = e1.clone();
        minusE1[0] = -1;
        List<double[]> rows = new ArrayList<>(List.of(e1, minusE1, e2));
        List<Double> ids = new ArrayList<>(List.of(0.0, 1.0, 2.0));
        for (int i = 0; i < DW_POSITIVES; i++) {
            rows.add(atDistance(e1, 0.05 + 0.15 * rnd.nextDouble(), rnd));
            ids.add(0.0);
        }
        for (double e : DW_NEGATIVES) {
            rows.add(atDistance(e1, e, rnd));
            ids.add(1.0);
        }
        double[][] x = rows.toArray(new double[0][]);
        double[] q = {0, 1, 2};
        double[] extra = new double[ids.size() - 3];
        for (int i = 3; i < ids.size(); i++) extra[i - 3] = ids.get(i);
        Layout l = new Layout("distanceWeighted", q, extra);
        LabelledDistances ld = labelled(distance, NaiveMining.distances(distance, Arrays.copyOf(x, 3), x), l.q, l.r,
                type, DW_DIM);
        return new Batch(l, ld, ld.distances.castTo(DataType.DOUBLE).toDoubleMatrix());
    }

    static Stream<Arguments> unitDistancesAndTypes() {
        List<Arguments> out = new ArrayList<>();
        for (Distance d : new Distance[]{Distance.EUCLIDEAN, Distance.SQUARED_EUCLIDEAN, Distance.COSINE}) {
            for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) out.add(Arguments.of(d, type));
        }
        return out.stream();
    }

    /** Empirical frequencies of 4000 draws against the naive normalised weights. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unitDistancesAndTypes")
    void distanceWeightedFrequenciesFollowTheWeights(Distance distance, DataType type) {
        Batch b = distanceWeightedCase(distance, type);
        int m = b.layout.r.length;
        double[][] w = NaiveMining.distanceWeights(distance, b.d, b.layout.q, b.layout.r, DW_DIM, 0.5, 1.4);
        double[] p = w[0];
        int allowed = 0;
        for (double v : p) allowed += v > 0 ? 1 : 0;
        assertEquals(DW_NEGATIVES.length - 2, allowed, "the case: every negative closer than 1.4 is allowed");
        assertEquals(0.0, Arrays.stream(w[1]).sum(), 0.0, "the case: anchor 1 has no allowed negative");

        Nd4j.getRandom().setSeed(123);
        DistanceWeightedMiner miner = new DistanceWeightedMiner();
        double[] counts = new double[m];
        int draws = 0;
        for (int call = 0; call < 10; call++) {
            Mined mined = miner.mine(b.ld);
            assertTrue(mined.isTriplets());
            assertArrayEquals(new long[]{3, DW_POSITIVES}, mined.triplets().valid.shape(), "slots: anchor 0's positives");
            Set<Integer> positives = new TreeSet<>();
            for (int[] t : NaiveMining.triplets(mined)) {
                assertEquals(0, t[0], "only anchor 0 has a triplet (1: no allowed negative, 2: no positive)");
                assertTrue(positives.add(t[1]), "each positive once");
                assertTrue(p[t[2]] > 0, "drew " + t[2] + " at distance " + b.d[0][t[2]] + ", not an allowed negative");
                counts[t[2]]++;
                draws++;
            }
            assertEquals(DW_POSITIVES, positives.size(), "every positive of anchor 0 has its draw");
        }
        assertEquals(10 * DW_POSITIVES, draws);
        StringBuilder table = new StringBuilder();
        boolean ok = true;
        for (int j = 0; j < m; j++) {
            if (p[j] == 0 && counts[j] == 0) continue;
            double f = counts[j] / draws;
            double tol = 5 * Math.sqrt(p[j] * (1 - p[j]) / draws) + 1e-3;
            ok &= Math.abs(f - p[j]) <= tol;
            table.append(String.format("%n  column %d (distance %.3f): expected %.4f, drawn %.4f (tolerance %.4f)", j,
                    b.d[0][j], p[j], f, tol));
        }
        assertTrue(ok, "draw frequencies do not follow the weights:" + table);
    }

    @Test
    void distanceWeightedRepeatsWithTheSameSeed() {
        Batch b = distanceWeightedCase(Distance.EUCLIDEAN, DataType.DOUBLE);
        DistanceWeightedMiner miner = new DistanceWeightedMiner();
        Nd4j.getRandom().setSeed(42);
        INDArray first = miner.mine(b.ld).triplets().negative.dup();
        INDArray next = miner.mine(b.ld).triplets().negative.dup();
        Nd4j.getRandom().setSeed(42);
        INDArray again = miner.mine(b.ld).triplets().negative.dup();
        assertEquals(first, again, "the same seed draws the same negatives");
        assertNotEquals(first, next, "later draws differ (400 draws among 7 negatives)");
    }

    @Test
    void distanceWeightedRefusesManhattan() {
        Batch b = batch(layouts().get(0), DataType.DOUBLE, Distance.MANHATTAN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DistanceWeightedMiner().mine(b.ld));
        assertTrue(e.getMessage().contains("DistanceWeightedMiner") && e.getMessage().contains("MANHATTAN"),
                e.getMessage());
    }

    /** Other cutoffs: only negatives below nonzeroLossCutoff are drawn (the frequencies test covers the weights). */
    @Test
    void distanceWeightedHonoursItsCutoffs() {
        Batch b = distanceWeightedCase(Distance.EUCLIDEAN, DataType.DOUBLE);
        DistanceWeightedMiner miner = new DistanceWeightedMiner(0.8, 1.0);
        double[][] w = NaiveMining.distanceWeights(Distance.EUCLIDEAN, b.d, b.layout.q, b.layout.r, DW_DIM, 0.8, 1.0);
        Nd4j.getRandom().setSeed(3);
        Set<Integer> drawn = new HashSet<>();
        for (int call = 0; call < 3; call++) {
            for (int[] t : NaiveMining.triplets(miner.mine(b.ld))) {
                assertTrue(w[0][t[2]] > 0, "drew " + t[2] + " at distance " + b.d[0][t[2]]);
                drawn.add(t[2]);
            }
        }
        assertEquals(4, drawn.size(), "each of the four negatives below 1.0 (three clipped to 0.8) drawn: "
                + drawn);
    }

    // ------------------------------------------------------------------ value semantics and parameters

    static List<Miner> miners() {
        return List.of(new AllPairsMiner(), new BatchHardMiner(), new SemiHardMiner(), new MultiSimilarityMiner(0.2),
                new DistanceWeightedMiner(0.4, 1.3));
    }

    @Test
    void minersCompareByValue() {
        assertEquals(new AllPairsMiner(), new AllPairsMiner());
        assertEquals(new BatchHardMiner(), new BatchHardMiner());
        assertEquals(new SemiHardMiner(), new SemiHardMiner(5), "the block size is runtime tuning, not configuration");
        assertEquals(new MultiSimilarityMiner(), new MultiSimilarityMiner(0.1), "default ε = 0.1");
        assertEquals(new DistanceWeightedMiner(), new DistanceWeightedMiner(0.5, 1.4), "defaults 0.5 and 1.4");
        assertEquals(new AllPairsMiner().hashCode(), new AllPairsMiner().hashCode());
        assertEquals(new SemiHardMiner().hashCode(), new SemiHardMiner(5).hashCode());
        assertEquals(new MultiSimilarityMiner().hashCode(), new MultiSimilarityMiner(0.1).hashCode());
        assertEquals(new DistanceWeightedMiner().hashCode(), new DistanceWeightedMiner(0.5, 1.4).hashCode());
        assertNotEquals(new MultiSimilarityMiner(0.1), new MultiSimilarityMiner(0.2));
        assertNotEquals(new DistanceWeightedMiner(0.5, 1.4), new DistanceWeightedMiner(0.5, 1.5));
        assertNotEquals(new DistanceWeightedMiner(0.5, 1.4), new DistanceWeightedMiner(0.6, 1.4));
        List<Miner> all = miners();
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < all.size(); j++) {
                assertEquals(i == j, all.get(i).equals(all.get(j)), all.get(i) + " vs " + all.get(j));
            }
            assertNotEquals(all.get(i), null);
            assertNotEquals(all.get(i), DefaultMining.INSTANCE);
        }
        assertEquals(0.1, new MultiSimilarityMiner().getEpsilon());
        assertEquals(0.5, new DistanceWeightedMiner().getCutoff());
        assertEquals(1.4, new DistanceWeightedMiner().getNonzeroLossCutoff());
        assertTrue(new MultiSimilarityMiner(0.25).toString().contains("MultiSimilarityMiner")
                && new MultiSimilarityMiner(0.25).toString().contains("0.25"), new MultiSimilarityMiner(0.25).toString());
        assertTrue(new DistanceWeightedMiner(0.4, 1.3).toString().contains("1.3"), new DistanceWeightedMiner(0.4, 1.3).toString());
    }

    @Test
    void minersSurviveJavaSerialization() throws Exception {
        for (Miner miner : miners()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(miner);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                Object back = in.readObject();
                assertEquals(miner, back);
                assertEquals(miner.hashCode(), back.hashCode());
            }
        }
        // a deserialized semi-hard miner (block size 0 after deserialization) still mines
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new SemiHardMiner(3));
        }
        SemiHardMiner back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (SemiHardMiner) in.readObject();
        }
        Batch b = batch(layouts().get(0), DataType.DOUBLE, Distance.EUCLIDEAN);
        assertTriplets("deserialized SemiHardMiner", NaiveMining.semiHard(b.d, b.layout.q, b.layout.r), back.mine(b.ld), b);
    }

    private static void assertRefused(Executable construct, String... mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        for (String s : mentions) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(s), "message should mention " + s + ": "
                    + e.getMessage());
        }
    }

    @Test
    void badParametersAreRefusedNamingTheMinerAndTheValue() {
        assertRefused(() -> new MultiSimilarityMiner(-1), "MultiSimilarityMiner", "epsilon", "-1");
        assertRefused(() -> new MultiSimilarityMiner(Double.NaN), "MultiSimilarityMiner", "epsilon", "NaN");
        assertRefused(() -> new MultiSimilarityMiner(Double.POSITIVE_INFINITY), "MultiSimilarityMiner", "epsilon",
                "Infinity");
        assertRefused(() -> new DistanceWeightedMiner(0.5, 0.4), "DistanceWeightedMiner", "nonzeroLossCutoff", "0.4",
                "0.5");
        assertRefused(() -> new DistanceWeightedMiner(0.5, 0.5), "DistanceWeightedMiner", "nonzeroLossCutoff");
        assertRefused(() -> new DistanceWeightedMiner(-0.1, 1.4), "DistanceWeightedMiner", "cutoff", "-0.1");
        assertRefused(() -> new DistanceWeightedMiner(Double.NaN, 1.4), "DistanceWeightedMiner", "cutoff", "NaN");
        assertRefused(() -> new DistanceWeightedMiner(0.5, Double.NaN), "DistanceWeightedMiner", "nonzeroLossCutoff",
                "NaN");
        assertRefused(() -> new DistanceWeightedMiner(0.5, Double.POSITIVE_INFINITY), "DistanceWeightedMiner",
                "nonzeroLossCutoff", "Infinity");
        assertRefused(() -> new DistanceWeightedMiner(0.5, -2), "DistanceWeightedMiner", "nonzeroLossCutoff", "-2");
        // the edges that are allowed
        new MultiSimilarityMiner(0);
        new DistanceWeightedMiner(0, 1e-3);
    }

    @Test
    void defaultMiningMinesNothingItself() {
        Batch b = batch(layouts().get(0), DataType.DOUBLE, Distance.EUCLIDEAN);
        assertThrows(IllegalStateException.class, () -> DefaultMining.INSTANCE.mine(b.ld));
        assertEquals(DefaultMining.INSTANCE, new DefaultMining());
    }

    /** LabelledDistances refuses inconsistent shapes, naming itself. */
    @Test
    void labelledDistancesRefusesInconsistentShapes() {
        INDArray d = Nd4j.zeros(DataType.DOUBLE, 4, 3);   // M < B
        INDArray ids = Nd4j.zeros(DataType.DOUBLE, 4, 1);
        assertRefused(() -> LabelledDistances.of(Distance.EUCLIDEAN, d, ids, Nd4j.zeros(DataType.DOUBLE, 3, 1), 2),
                "LabelledDistances");
        assertRefused(() -> LabelledDistances.within(Distance.EUCLIDEAN, Nd4j.zeros(DataType.DOUBLE, 4, 4),
                Nd4j.zeros(DataType.DOUBLE, 3, 1), 2), "LabelledDistances");
    }
}
