package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.testutil.HostKernels;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared mining pieces against plain loops over i, j, k. */
@ExtendWith(HostKernels.class)
class MiningPiecesTest {
    private static final int B = 9;

    private static INDArray randomMask(long seed, int rows, int cols, double keep) {
        Random r = new Random(seed);
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) m[i][j] = r.nextDouble() < keep ? 1 : 0;
        }
        m[0] = new double[cols]; // one row keeps nothing
        return Nd4j.createFromArray(m);
    }

    /**
     * Values, indices and found flags against loops, by both routes in FLOAT (the host's one pass per row and libnd4j's
     * ops); 37 and 70 columns run the host's vector loop and its tail. Rows 1 and 2 hold ties of their extremes, one
     * within a vector's lanes and one across vectors: the lowest kept index wins, as in the loops.
     */
    @ParameterizedTest
    @CsvSource({"DOUBLE, 9", "FLOAT, 9", "DOUBLE, 37", "FLOAT, 37", "FLOAT, 70"})
    void hardestPicksMatchLoops(DataType type, int cols) {
        INDArray m = RandomArrays.gaussian(type, 1, B, cols).muli(100);
        INDArray mask = randomMask(2, B, cols, 0.4).castTo(type);
        for (int row = 1; row <= 2; row++) {
            int[] at = row == 1 ? new int[]{cols / 2, cols / 2 + 1, cols - 1} : new int[]{cols - 1, 2, 1};
            for (int j : at) {
                m.putScalar(row, j, row == 1 ? 1e4 : -1e4);    // row 1's largest, row 2's smallest, three times
                mask.putScalar(row, j, 1.0);
            }
            m.putScalar(row, 0, row == 1 ? 1e4 : -1e4);         // tied too, but masked out
            mask.putScalar(row, 0, 0.0);
        }
        double[][] v = RandomArrays.toDouble(m);
        double[][] k = RandomArrays.toDouble(mask);
        for (String route : HostKernels.hostPassRoutes(type)) {
            HostKernels.useHostPassRoute(route);
            for (boolean largest : new boolean[]{true, false}) {
                Selection.Pick p = largest ? Selection.max(m, mask) : Selection.min(m, mask);
                for (int i = 0; i < B; i++) {
                    int best = -1;
                    for (int j = 0; j < cols; j++) {
                        if (k[i][j] == 1 && (best < 0 || (largest ? v[i][j] > v[i][best] : v[i][j] < v[i][best]))) best = j;
                    }
                    String where = "row " + i + (largest ? " max" : " min") + " (" + route + ")";
                    assertEquals(best < 0 ? 0 : 1, p.found.getDouble(i, 0), 0.0, where);
                    assertEquals(best < 0 ? 0 : v[i][best], p.value.getDouble(i, 0), 0.0, where + " exact value");
                    if (best >= 0) assertEquals(best, p.index.getDouble(i, 0), 0.0, where);
                }
            }
        }
    }

    /** The off-diagonal minimum equals min under the mask 1 − I (values, indices, ties to the lowest index), square or wider. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF"})
    void minOffDiagonalMatchesTheMaskedMinimum(DataType type) {
        for (int cols : new int[]{B, B + 3, 2}) {
            INDArray m = RandomArrays.gaussian(type, 4, B, cols).muli(10);
            m.putScalar(3, 0, 1.0);
            m.putScalar(3, 1, 1.0);                           // ties in row 3: the lowest index wins
            m.putScalar(3, cols - 1, 1.0);
            if (cols > 3) {
                m.get(org.nd4j.linalg.indexing.NDArrayIndex.point(3), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, cols - 1)).assign(5.0);
            }
            HostKernels.useHostPasses(false);                 // the reference: libnd4j's masked minimum
            Selection.Pick masked = Selection.min(m, ClassLabels.clearDiagonal(Nd4j.ones(type, B, cols)));
            for (String route : HostKernels.hostPassRoutes(type)) {    // FLOAT's off-diagonal minimum on the host too
                HostKernels.useHostPassRoute(route);
                Selection.Pick direct = Selection.minOffDiagonalInPlace(m.dup());
                String where = cols + " columns, " + route;
                assertEquals(masked.value, direct.value, "values, " + where);
                assertEquals(masked.index, direct.index, "indices, " + where);
                assertEquals(masked.found, direct.found, where);
                assertEquals(B, direct.found.sumNumber().doubleValue(), 0.0);
            }
        }
    }

    @Test
    void tiesPickOneEntry() {
        INDArray m = Nd4j.zeros(DataType.DOUBLE, 3, 4);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 3, 4);
        Selection.Pick p = Selection.max(m, mask);
        INDArray oneHot = Selection.oneHot(p.index, 4, DataType.DOUBLE);
        assertEquals(3.0, oneHot.sumNumber().doubleValue(), 0.0, "exactly one pick per row");
    }

    @Test
    void oneHotAndScatterMatchLoops() {
        Random r = new Random(3);
        double[][] idx = new double[B][5];
        double[][] w = new double[B][5];
        for (int i = 0; i < B; i++) {
            for (int k = 0; k < 5; k++) {
                idx[i][k] = r.nextInt(7);
                w[i][k] = r.nextGaussian();
            }
        }
        INDArray index = Nd4j.createFromArray(idx);
        INDArray weights = Nd4j.createFromArray(w);
        double[][] expected = new double[B][7];
        for (int i = 0; i < B; i++) {
            for (int k = 0; k < 5; k++) expected[i][(int) idx[i][k]] += w[i][k];
        }
        for (long block : new long[]{Selection.BLOCK_ELEMENTS, 7, 1}) {
            INDArray got = Selection.scatter(index, weights, 7, block);
            assertTrue(Nd4j.createFromArray(expected).equalsWithEps(got, 1e-12), "block " + block + ": " + got);
        }
        INDArray oneHot = Selection.oneHot(index.getColumn(2, true), 7, DataType.DOUBLE);
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < 7; j++) assertEquals(j == (int) idx[i][2] ? 1 : 0, oneHot.getDouble(i, j), 0.0);
        }
    }

    /**
     * The masked softmax against loops, with its logits' bound measured (NaN) or given (loose); entries the mask leaves
     * out are exactly 0 (in FLOAT and DOUBLE their exponentials underflow instead of being masked).
     */
    @ParameterizedTest
    @CsvSource({"DOUBLE,NaN,libnd4j", "DOUBLE,500,libnd4j", "FLOAT,NaN,libnd4j", "FLOAT,500,libnd4j", "FLOAT,NaN,vector",
            "FLOAT,500,vector", "FLOAT,NaN,plain", "FLOAT,500,plain", "HALF,NaN,libnd4j", "HALF,500,libnd4j"})
    void maskedSoftmaxMatchesLoops(DataType type, double bound, String route) {
        HostKernels.useHostPassRoute(route);
        // large values: no overflow allowed
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 6, B, B).muli(type == DataType.HALF ? 8 : 30).castTo(type);
        assertTrue(Double.isNaN(bound) || x.amaxNumber().doubleValue() <= bound, "the bound holds");
        INDArray mask = randomMask(7, B, B, 0.5).castTo(type);
        double[][] v = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] k = mask.castTo(DataType.DOUBLE).toDoubleMatrix();
        double tol = type == DataType.DOUBLE ? 1e-10 : type == DataType.FLOAT ? 1e-5 : 2e-2;
        for (boolean addOne : new boolean[]{false, true}) {
            MaskedSoftmax s = MaskedSoftmax.of(x, mask, addOne, bound);
            for (int i = 0; i < B; i++) {
                double max = addOne ? 0 : Double.NEGATIVE_INFINITY;
                for (int j = 0; j < B; j++) if (k[i][j] == 1) max = Math.max(max, v[i][j]);
                double sum = addOne ? Math.exp(-max) : 0;
                for (int j = 0; j < B; j++) if (k[i][j] == 1) sum += Math.exp(v[i][j] - max);
                double lse = sum == 0 ? 0 : max + Math.log(sum);
                assertEquals(lse, s.logSumExp.getDouble(i, 0), tol * Math.max(1, Math.abs(lse)), "row " + i);
                for (int j = 0; j < B; j++) {
                    if (k[i][j] == 1) {
                        assertEquals(Math.exp(v[i][j] - lse), s.softmax.getDouble(i, j), tol, i + "," + j);
                    } else {
                        assertEquals(0.0, s.softmax.getDouble(i, j), 0.0, "left out: " + i + "," + j);
                    }
                }
            }
            assertEquals(0.0, s.logSumExp.getDouble(0, 0), 0.0, "an empty row has lse 0");
            assertTrue(!s.softmax.isNaN().any() && !s.logSumExp.isInfinite().any());
        }
    }

    @ParameterizedTest
    @CsvSource({"DOUBLE,25", "FLOAT,25", "DOUBLE,60", "FLOAT,60", "DOUBLE,3"})
    void boundedMaskedSoftmaxEqualsTheShiftedOne(DataType type, double upper) {
        HostKernels.use(false);
        // logits in [−3·upper, upper] (very negative ones underflow alike), one empty row, one row of all-negative logits
        INDArray x = Nd4j.rand(type, B, B).muli(4 * upper).subi(3 * upper);
        x.getRow(2).assign(-upper);
        INDArray mask = randomMask(8, B, B, 0.5).castTo(type);
        mask.getRow(0).assign(0);
        MaskedSoftmax shifted = MaskedSoftmax.of(x, mask, true);
        MaskedSoftmax bounded = MaskedSoftmax.ofBounded(x, mask, upper);
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (int i = 0; i < B; i++) {
            double lse = shifted.logSumExp.getDouble(i, 0);
            assertEquals(lse, bounded.logSumExp.getDouble(i, 0), tol * Math.max(1, Math.abs(lse)), "row " + i);
            assertEquals(shifted.found.getDouble(i, 0), bounded.found.getDouble(i, 0), 0.0, "found " + i);
            for (int j = 0; j < B; j++) {
                assertEquals(shifted.softmax.getDouble(i, j), bounded.softmax.getDouble(i, j), tol, i + "," + j);
            }
        }
        assertEquals(0.0, bounded.logSumExp.getDouble(0, 0), 0.0, "an empty row has lse 0");
    }

    /**
     * {@code ofBounded(x, shift, scale, mask, upper)} against loops over {@code scale·(x + shift)}, on the host and by
     * libnd4j: a matrix wide enough for the kernel's vector tails and rows split among threads, one row that keeps
     * nothing, one that keeps a single entry, negative and positive scales.
     */
    @ParameterizedTest
    @CsvSource({"2.0,-0.5,libnd4j", "2.0,-0.5,vector", "2.0,-0.5,plain", "-50.0,-0.5,libnd4j", "-50.0,-0.5,vector",
            "-50.0,-0.5,plain"})
    void shiftedAndScaledSoftmaxMatchesLoops(double scale, double shift, String route) {
        HostKernels.useHostPassRoute(route);
        int rows = 300;
        int cols = 131;
        INDArray x = Transforms.sigmoid(RandomArrays.gaussian(DataType.FLOAT, 20, rows, cols), false).muli(2); // in [0, 2]
        INDArray mask = randomMask(21, rows, cols, 0.4).castTo(DataType.FLOAT);
        mask.getRow(1).assign(0);
        mask.putScalar(1, 130, 1.0);                                           // one kept entry, in the vector tail
        double upper = Math.abs(scale) * 2.6;
        MaskedSoftmax s = MaskedSoftmax.ofBounded(x, shift, scale, mask, upper);
        double[][] v = RandomArrays.toDouble(x);
        double[][] k = RandomArrays.toDouble(mask);
        double[][] p = RandomArrays.toDouble(s.softmax);
        for (int i = 0; i < rows; i++) {
            double sum = 1;                                                     // the extra logit 0
            for (int j = 0; j < cols; j++) if (k[i][j] == 1) sum += Math.exp(scale * (v[i][j] + shift));
            double lse = Math.log(sum);
            assertEquals(lse, s.logSumExp.getDouble(i, 0), 2e-6 * Math.max(1, Math.abs(lse)), "row " + i);
            assertEquals(i == 0 ? 0 : 1, s.found.getDouble(i, 0), 0.0, "found " + i);
            for (int j = 0; j < cols; j++) {
                // FLOAT rounds the logit s, the largest one and the sum, which moves exp(s − lse) by ~6e-8·(|s| + |lse|)
                // relatively
                double logit = scale * (v[i][j] + shift);
                double expected = k[i][j] == 1 ? Math.exp(logit - lse) : 0;
                double tolerance = expected * (2e-6 + 2e-7 * (Math.abs(logit) + Math.abs(lse))) + 1e-30;
                assertEquals(expected, p[i][j], tolerance, i + "," + j);
            }
        }
    }

    @Test
    void boundedMaskedSoftmaxShiftsBeyondTheLimitAndInHalf() {
        HostKernels.use(false);
        // logits up to 200 would overflow FLOAT's exp: beyond the limit the bounded form is the shifted one
        INDArray x = Nd4j.rand(DataType.FLOAT, B, B).muli(200);
        INDArray mask = randomMask(9, B, B, 0.5).castTo(DataType.FLOAT);
        MaskedSoftmax beyond = MaskedSoftmax.ofBounded(x, mask, 200);
        assertEquals(MaskedSoftmax.of(x, mask, true).logSumExp, beyond.logSumExp);
        assertTrue(!beyond.softmax.isNaN().any() && !beyond.logSumExp.isInfinite().any());
        INDArray h = Nd4j.rand(DataType.HALF, B, B).muli(20);     // e^20 overflows HALF: shifted whatever the bound
        INDArray hm = mask.castTo(DataType.HALF);
        assertEquals(MaskedSoftmax.of(h, hm, true).logSumExp, MaskedSoftmax.ofBounded(h, hm, 20).logSumExp);
    }

    @Test
    void classLabelsFromIdsAndOneHot() {
        INDArray ids = Nd4j.createFromArray(new double[][]{{7}, {3}, {7}, {-1}, {3}});
        INDArray oneHot = Nd4j.createFromArray(new float[][]{{0, 1, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
        INDArray same = ClassLabels.sameClass(ClassLabels.classIds("L", ids, 5), DataType.FLOAT);
        INDArray same2 = ClassLabels.sameClass(ClassLabels.classIds("L", oneHot, 5), DataType.FLOAT);
        assertEquals(same, same2);
        double[] c = {7, 3, 7, -1, 3};
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(c[i] == c[j] ? 1 : 0, same.getDouble(i, j), 0.0);
                assertEquals(c[i] == c[j] && i != j ? 1 : 0, ClassLabels.positives(same).getDouble(i, j), 0.0);
                assertEquals(c[i] != c[j] ? 1 : 0, ClassLabels.negatives(same).getDouble(i, j), 0.0);
            }
        }
        ClassLabels.Groups g = ClassLabels.group(ids);
        assertArrayEquals(new int[]{3, 1, 4, 0, 2}, g.order);
        assertArrayEquals(new int[]{0, 1, 3, 5}, g.starts);
        assertEquals(3, g.count());
        int[] inv = g.inverse();
        for (int k = 0; k < 5; k++) assertEquals(k, inv[g.order[k]]);
        assertTrue(ClassLabels.group(Nd4j.createFromArray(new double[][]{{0}, {0}, {1}})).isIdentity());
        // ids beyond float precision stay distinct in DOUBLE
        INDArray big = Nd4j.createFromArray(new double[][]{{16777216}, {16777217}});
        assertEquals(0.0, ClassLabels.sameClass(ClassLabels.classIds("L", big, 2), DataType.FLOAT).getDouble(0, 1), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassLabels.classIds("LossX", Nd4j.createFromArray(new double[][]{{0, 1}, {0.5, 0.5}}), 2));
        assertTrue(e.getMessage().contains("LossX") && e.getMessage().contains("row 1"), e.getMessage());
    }

    /** Distinct ids (any order, negative, huge, DOUBLE or FLOAT) are told from ids with a repeat, and the ids are left untouched. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void allDistinctTellsRepeatedIds(DataType type) {
        INDArray distinct = Nd4j.createFromArray(new double[]{5, -3, 1e9, 0, 2, 7, -1e9, 1}).reshape(8, 1).castTo(type);
        INDArray before = distinct.dup();
        assertTrue(ClassLabels.allDistinct(distinct));
        assertEquals(before, distinct, "the ids must not be sorted in place");
        INDArray repeated = Nd4j.createFromArray(new double[]{5, -3, 1e9, 0, 2, 7, -3, 1}).reshape(8, 1).castTo(type);
        assertTrue(!ClassLabels.allDistinct(repeated));
        assertTrue(!ClassLabels.allDistinct(Nd4j.zeros(type, 2, 1)));
        assertTrue(ClassLabels.allDistinct(Nd4j.arange(0, 1000).castTo(type).reshape(1000, 1)));
        assertTrue(ClassLabels.allDistinct(Nd4j.zeros(type, 1, 1)));
        // ids that differ by one unit in the last place are still two classes
        INDArray close = Nd4j.createFromArray(new double[]{1.0, Math.nextUp(1.0)}).reshape(2, 1);
        assertTrue(ClassLabels.allDistinct(close));
    }

    /**
     * AnchorPairs against loops: valid anchors (a positive and a negative), masks with other rows cleared, and the
     * positives per valid anchor; with every anchor valid the masks are handed over as they are, never written into.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF"})
    void anchorPairsMatchLoops(DataType type) {
        for (boolean everyValid : new boolean[]{false, true}) {
            INDArray pos = randomMask(5, B, B, 0.4).castTo(type);
            INDArray neg = randomMask(6, B, B, 0.5).castTo(type);
            if (everyValid) {
                pos.putScalar(0, 1, 1.0);
                neg.putScalar(0, 2, 1.0);
            }
            neg.putRow(3, Nd4j.zeros(type, 1, B));          // a row with positives but no negative
            if (everyValid) {
                neg.putScalar(3, 4, 1.0);
            }
            INDArray posBefore = pos.dup();
            INDArray negBefore = neg.dup();
            double[][] p = RandomArrays.toDouble(pos);
            double[][] n = RandomArrays.toDouble(neg);
            AnchorPairs pairs = AnchorPairs.of(pos, neg);
            long anchors = 0;
            for (int i = 0; i < B; i++) {
                double count = 0;
                boolean anyNeg = false;
                for (int j = 0; j < B; j++) {
                    count += p[i][j];
                    anyNeg |= n[i][j] == 1;
                }
                boolean valid = count > 0 && anyNeg;
                anchors += valid ? 1 : 0;
                assertEquals(valid ? 1 : 0, pairs.valid.getDouble(i, 0), 0.0, "valid, row " + i);
                assertEquals(valid ? count : 0, pairs.positiveCounts.getDouble(i, 0), 0.0, "positives, row " + i);
                for (int j = 0; j < B; j++) {
                    assertEquals(valid ? p[i][j] : 0, pairs.positives.getDouble(i, j), 0.0, "positive " + i + "," + j);
                    assertEquals(valid ? n[i][j] : 0, pairs.negatives.getDouble(i, j), 0.0, "negative " + i + "," + j);
                }
            }
            assertEquals(anchors, pairs.anchors);
            assertEquals(everyValid, anchors == B, "the case set up");
            assertEquals(everyValid, pairs.positives == pos && pairs.negatives == neg, "masks handed over as they are");
            assertEquals(posBefore, pos, "positives not written into");
            assertEquals(negBefore, neg, "negatives not written into");
        }
    }

    /**
     * A batch's pairs counted from its class ids ({@link LabelledDistances#allPairs}) against {@link AnchorPairs#of} on
     * its masks (checked against loops above): singletons, one class, all distinct, −0.0 beside 0, and remembered
     * reference rows (M &gt; B) that give a query its only positive or negative; the positive slots, also made from
     * the ids, hold as many positives per row as the masks. Asked twice, and by the default miner, the batch answers
     * with the same pairs.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF"})
    void batchPairsFromIdsMatchTheMasks(DataType type) {
        double[][][] cases = {
                {{0, 1, 1, 2, 2, 2, 3}, {}},                  // a singleton of class 0 and of class 3
                {{4, 4, 4, 4}, {}},                           // one class: no negatives
                {{0, 1, 2, 3, 4}, {}},                        // all distinct: no positives
                {{-0.0, 0.0, 7, 7}, {}},                      // −0.0 and 0 are one class
                {{0, 1, 1, 2}, {0, 5, 5}},                    // memory: class 0 gains a positive
                {{3, 3, 3}, {3, 9}},                          // memory: the only negative
        };
        for (double[][] c : cases) {
            double[] q = c[0];
            double[] r = new double[q.length + c[1].length];
            System.arraycopy(q, 0, r, 0, q.length);
            System.arraycopy(c[1], 0, r, q.length, c[1].length);
            LabelledDistances batch = LabelledDistances.of(null, Nd4j.zeros(type, q.length, r.length),
                    Nd4j.createFromArray(q).reshape(q.length, 1), Nd4j.createFromArray(r).reshape(r.length, 1), 3);
            AnchorPairs fromIds = batch.allPairs();
            AnchorPairs fromMasks = AnchorPairs.of(batch.positives, batch.negatives);
            String what = java.util.Arrays.toString(q) + " + " + java.util.Arrays.toString(c[1]);
            assertEquals(fromMasks.anchors, fromIds.anchors, what);
            assertEquals(fromMasks.valid, fromIds.valid, what);
            assertEquals(fromMasks.positiveCounts, fromIds.positiveCounts, what);
            assertEquals(fromMasks.positives, fromIds.positives, what);
            assertEquals(fromMasks.negatives, fromIds.negatives, what);
            assertEquals(type, fromIds.valid.dataType(), what);
            PositiveSlots slots = batch.positiveSlots();            // the same classes on the host, as slots
            INDArray perRow = batch.positives.castTo(DataType.DOUBLE).sum(true, 1);
            assertEquals(perRow, slots.slots == 0 ? perRow.mul(0) : slots.valid(DataType.DOUBLE).sum(true, 1), what);
            assertTrue(batch.allPairs() == fromIds, "counted once");
            assertTrue(new AllPairsMiner().mine(batch).anchorPairs() == fromIds, "the miner's pairs are the batch's");
        }
    }

    /**
     * The positives as a loss reads them: slots where every anchor has few (here S·4 ≤ M), the mask otherwise. Either
     * way, gathering a matrix's positive entries and adding them back into zeros gives the matrix times the mask of
     * the valid anchors' positives, exactly; each slot of a valid anchor is one of its positives.
     */
    @ParameterizedTest
    @CsvSource({"'0,0,1,1,2,2,3,3', '', true", "'0,0,0,1,1,1,2,2,2,3,3,3', '', true", "'0,1,1,2,2,3', '', true",
            "'0,0,1,1,2,2,3,3', '0,1,5,5,6,6,7,7', true", "'0,0,0,1,1,2,2', '', false", "'4,4,4,5,6,6,6,6', '', false",
            "'4,4,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5', '', false", "'4,4,5,5,6,7,8,9,9', '', true"})
    void positiveEntriesGatherAndScatterAsTheMask(String queries, String memory, boolean slots) {
        double[] q = java.util.Arrays.stream(queries.split(",")).mapToDouble(Double::parseDouble).toArray();
        double[] extra = memory == null || memory.isEmpty() ? new double[0]
                : java.util.Arrays.stream(memory.split(",")).mapToDouble(Double::parseDouble).toArray();
        double[] r = new double[q.length + extra.length];
        System.arraycopy(q, 0, r, 0, q.length);
        System.arraycopy(extra, 0, r, q.length, extra.length);
        INDArray m = RandomArrays.gaussian(DataType.DOUBLE, 5, q.length, r.length);
        LabelledDistances batch = LabelledDistances.of(null, m, Nd4j.createFromArray(q).reshape(q.length, 1),
                Nd4j.createFromArray(r).reshape(r.length, 1), 3);
        AnchorPairs pairs = batch.allPairs();
        PositiveEntries entries = pairs.positiveEntries();
        assertEquals(slots, entries.isSlots());
        INDArray picked = entries.of(m).mul(entries.mask());
        INDArray back = entries.addInto(Nd4j.zeros(DataType.DOUBLE, q.length, r.length), picked);
        assertEquals(m.mul(pairs.positives), back);
        assertEquals(pairs.positives.sum(true, 1), entries.mask().sum(true, 1));
        AnchorPairs fromMasks = AnchorPairs.of(batch.positives, batch.negatives);
        assertTrue(!fromMasks.positiveEntries().isSlots(), "pairs known only by their masks keep the masks");
        assertEquals(fromMasks.positives, fromMasks.positiveEntries().mask());
    }

    /**
     * {@code values + offset·(1 − mask)} against loops: exactly {@code values} where the mask keeps an entry (the
     * masked extremes rely on it), {@code values + offset} elsewhere; same shapes (one pass) and a broadcast row.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF"})
    void shiftedOutsideKeepsMaskedValuesExactly(DataType type) {
        INDArray values = RandomArrays.gaussian(DataType.DOUBLE, 11, B, B).muli(3).castTo(type);
        INDArray mask = randomMask(12, B, B, 0.5).castTo(type);
        double offset = -37.25;
        for (INDArray v : new INDArray[]{values, values.getRow(4).reshape(1, B)}) {
            INDArray shifted = Selection.shiftedOutside(v, mask, offset);
            assertArrayEquals(new long[]{B, B}, shifted.shape());
            double[][] x = v.castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] k = mask.castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] got = shifted.castTo(DataType.DOUBLE).toDoubleMatrix();
            double tol = type == DataType.HALF ? 0.05 : 1e-5;
            for (int i = 0; i < B; i++) {
                for (int j = 0; j < B; j++) {
                    double value = x[v.rows() == 1 ? 0 : i][j];
                    if (k[i][j] == 1) {
                        assertEquals(value, got[i][j], 0.0, "kept exactly: " + i + "," + j);
                    } else {
                        assertEquals(value + offset, got[i][j], tol, "moved: " + i + "," + j);
                    }
                }
            }
        }
    }

    /**
     * Two bounded softmaxes of {@code a·u} and {@code b·u} over disjoint masks from one exponential, against each on its
     * own; with a bound beyond the limit (or in HALF) they are each on their own anyway.
     */
    @ParameterizedTest
    @CsvSource({"DOUBLE,25", "FLOAT,25", "FLOAT,100", "HALF,25"})
    void disjointBoundedSoftmaxesEqualEachOnItsOwn(DataType type, double upperB) {
        HostKernels.use(false);
        INDArray u = Nd4j.rand(type, B, B).muli(2).subi(0.5);                  // u in [−0.5, 1.5]
        INDArray a = randomMask(13, B, B, 0.3).castTo(type);
        INDArray b = a.rsub(1.0).muli(randomMask(14, B, B, 0.6).castTo(type)); // disjoint from a
        b.getRow(1).assign(0);                                                  // a row with no entry of b
        double alpha = 2;
        double beta = -upperB / 1.5;                                            // b·u <= upperB
        MaskedSoftmax[] both = MaskedSoftmax.ofBoundedDisjoint(u, 0, a, alpha, 3.1, b, beta, upperB + 0.1);
        MaskedSoftmax[] own = {MaskedSoftmax.ofBounded(u.mul(alpha), a, 3.1), MaskedSoftmax.ofBounded(u.mul(beta), b, upperB + 0.1)};
        double tol = type == DataType.DOUBLE ? 1e-12 : type == DataType.FLOAT ? 1e-5 : 2e-2;
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < B; i++) {
                double lse = own[k].logSumExp.getDouble(i, 0);
                assertEquals(lse, both[k].logSumExp.getDouble(i, 0), tol * Math.max(1, Math.abs(lse)), k + " row " + i);
                assertEquals(own[k].found.getDouble(i, 0), both[k].found.getDouble(i, 0), 0.0, k + " found " + i);
                for (int j = 0; j < B; j++) {
                    assertEquals(own[k].softmax.getDouble(i, j), both[k].softmax.getDouble(i, j), tol, k + ": " + i + "," + j);
                }
            }
        }
        assertEquals(0.0, both[1].logSumExp.getDouble(1, 0), 0.0, "a row with nothing kept has lse 0");
    }
}
