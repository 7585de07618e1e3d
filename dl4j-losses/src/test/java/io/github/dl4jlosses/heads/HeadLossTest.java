package io.github.dl4jlosses.heads;

import io.github.dl4jlosses.testutil.FiniteDifferences;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CosineHead#computeLoss} against {@link NaiveHeads} (loops in double), central finite differences for the
 * embeddings and the class weights, masks, label formats and data types.
 */
class HeadLossTest {
    static final int B = 7;
    static final int D = 5;
    static final int C = 4;

    static INDArray embeddings(DataType type, long seed) {
        return RandomArrays.gaussian(type, seed, B, D);
    }

    static INDArray weights(CosineHead head, DataType type, long seed) {
        return RandomArrays.gaussian(type, seed, D, (int) (head.classes() * head.subCentres()));
    }

    static INDArray ids(DataType type) {
        return RandomArrays.classIds(type, 11, B, C);
    }

    static INDArray oneHot(INDArray ids, DataType type) {
        return oneHotOf(ids, C).castTo(type);
    }

    static INDArray oneHotOf(INDArray ids, int classes) {
        INDArray y = Nd4j.zeros(ids.dataType(), ids.size(0), classes);
        for (int i = 0; i < ids.size(0); i++) {
            y.putScalar(i, ids.getInt(i, 0), 1.0);
        }
        return y;
    }

    static int[] idVector(INDArray ids) {
        return ids.castTo(DataType.INT32).reshape(-1).toIntVector();
    }

    static double[] ones(int n) {
        double[] m = new double[n];
        java.util.Arrays.fill(m, 1.0);
        return m;
    }

    /** A head of a case with seeded embeddings, class weights and class ids. */
    static final class Batch {
        final CosineHead head;
        final INDArray x;
        final INDArray w;
        final INDArray ids;

        Batch(HeadCase hc, DataType type, long seed) {
            head = hc.head(D, C);
            x = embeddings(type, seed);
            w = weights(head, type, seed + 1);
            ids = ids(type);
        }

        /** {@link NaiveHeads#perExample} of this batch under {@code mask}. */
        double[] naive(double[] mask) {
            return NaiveHeads.perExample(head, RandomArrays.toDouble(x), RandomArrays.toDouble(w), idVector(ids), mask);
        }
    }

    static Stream<Arguments> headsTypesLabels() {
        List<Arguments> out = new ArrayList<>();
        for (HeadCase h : HeadCase.values()) {
            for (DataType t : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
                for (boolean oneHot : new boolean[]{false, true}) {
                    out.add(Arguments.of(h, t, oneHot));
                }
            }
        }
        return out.stream();
    }

    private static void assertClose(double[] expected, INDArray actual, double rel, String what) {
        double[] a = actual.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        assertEquals(expected.length, a.length, what);
        for (int i = 0; i < a.length; i++) {
            double tol = rel * Math.max(1.0, Math.abs(expected[i]));
            assertEquals(expected[i], a[i], tol, what + " row " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1} oneHot={2}")
    @MethodSource("headsTypesLabels")
    void perExampleLossMatchesNaiveLoops(HeadCase hc, DataType type, boolean oneHot) {
        Batch in = new Batch(hc, type, 1);
        CosineHead head = in.head;
        INDArray x = in.x, w = in.w, ids = in.ids;
        double[] expected = in.naive(ones(B));
        HeadResult r = head.computeLoss(x, w, oneHot ? oneHot(ids, type) : ids, null, false);
        assertEquals(type, r.perExample().dataType());
        assertClose(expected, r.perExample(), type == DataType.DOUBLE ? 1e-10 : 1e-4, hc.name());
        double mean = java.util.Arrays.stream(expected).sum() / B;
        assertEquals(mean, r.score(), (type == DataType.DOUBLE ? 1e-10 : 1e-4) * Math.max(1, mean));
        assertTrue(mean > 0, "a random batch has a positive loss");
    }

    @Test
    void paperDefaultsMatchNaiveLoops() {
        for (CosineHead head : HeadCase.defaults(D, C)) {
            INDArray x = embeddings(DataType.DOUBLE, 3);
            INDArray w = weights(head, DataType.DOUBLE, 4);
            INDArray ids = ids(DataType.DOUBLE);
            double[] expected = NaiveHeads.perExample(head, RandomArrays.toDouble(x), RandomArrays.toDouble(w),
                    idVector(ids), ones(B));
            assertClose(expected, head.computeLoss(x, w, ids, null, false).perExample(), 1e-10, head.toString());
        }
    }

    /** The large-margin case must actually reach the θ + m > π fallback, or its test proves nothing about it. */
    @Test
    void largeMarginCaseReachesTheFallback() {
        ArcFace head = (ArcFace) HeadCase.ARCFACE_LARGE_MARGIN.head(D, C);
        INDArray x = embeddings(DataType.DOUBLE, 1);
        double[][] cos = NaiveHeads.classCosines(RandomArrays.toDouble(x),
                RandomArrays.toDouble(weights(head, DataType.DOUBLE, 2)), C, 1);
        int[] y = idVector(ids(DataType.DOUBLE));
        int fallback = 0;
        for (int i = 0; i < B; i++) {
            fallback += Math.acos(cos[i][y[i]]) + head.getMargin() >= Math.PI ? 1 : 0;
        }
        assertTrue(fallback > 0 && fallback < B, "rows in the fallback: " + fallback);
    }

    static Stream<Arguments> headsMasked() {
        List<Arguments> out = new ArrayList<>();
        for (HeadCase h : HeadCase.values()) {
            out.add(Arguments.of(h, false));
            out.add(Arguments.of(h, true));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} masked={1}")
    @MethodSource("headsMasked")
    void gradientsMatchFiniteDifferences(HeadCase hc, boolean masked) {
        Batch in = new Batch(hc, DataType.DOUBLE, 5);
        CosineHead head = in.head;
        INDArray x = in.x, w = in.w, ids = in.ids;
        INDArray mask = masked ? RandomArrays.maskWithHoles(DataType.DOUBLE, B) : null;
        HeadResult r = head.computeLoss(x, w, ids, mask, true);
        FiniteDifferences.Result dx = FiniteDifferences.compare(r.embeddingGradient(),
                numeric(head, x, w, ids, mask, true));
        FiniteDifferences.Result dw = FiniteDifferences.compare(r.weightGradient(),
                numeric(head, x, w, ids, mask, false));
        assertTrue(dx.maxRelError < 1e-6, "embeddings: " + dx);
        assertTrue(dw.maxRelError < 1e-6, "weights: " + dw);
        assertTrue(dx.maxAbsGradient > 1e-3 && dw.maxAbsGradient > 1e-3, "non-trivial gradients: " + dx + " " + dw);
    }

    /** Central differences of Σ_i loss_i with respect to every entry of x (or w). */
    private static INDArray numeric(CosineHead head, INDArray x, INDArray w, INDArray labels, INDArray mask,
                                    boolean ofEmbeddings) {
        INDArray target = (ofEmbeddings ? x : w).dup();
        INDArray out = target.like();
        for (long i = 0; i < target.size(0); i++) {
            for (long j = 0; j < target.size(1); j++) {
                double orig = target.getDouble(i, j);
                target.putScalar(i, j, orig + FiniteDifferences.EPS);
                double plus = sum(head, ofEmbeddings ? target : x, ofEmbeddings ? w : target, labels, mask);
                target.putScalar(i, j, orig - FiniteDifferences.EPS);
                double minus = sum(head, ofEmbeddings ? target : x, ofEmbeddings ? w : target, labels, mask);
                target.putScalar(i, j, orig);
                out.putScalar(i, j, (plus - minus) / (2 * FiniteDifferences.EPS));
            }
        }
        return out;
    }

    private static double sum(CosineHead head, INDArray x, INDArray w, INDArray labels, INDArray mask) {
        return head.computeLoss(x, w, labels, mask, false).perExample().sumNumber().doubleValue();
    }

    @ParameterizedTest
    @EnumSource(HeadCase.class)
    void maskedRowsTakeNoPart(HeadCase hc) {
        Batch in = new Batch(hc, DataType.DOUBLE, 7);
        CosineHead head = in.head;
        INDArray x = in.x, w = in.w, ids = in.ids;
        INDArray mask = RandomArrays.maskWithHoles(DataType.DOUBLE, B);
        HeadResult r = head.computeLoss(x, w, ids, mask, true);
        double[] m = mask.reshape(-1).toDoubleVector();
        double[] expected = in.naive(m);
        assertClose(expected, r.perExample(), 1e-10, hc.name());
        // the masked rows' embeddings and labels (even invalid ones) change nothing
        INDArray x2 = x.dup();
        INDArray ids2 = ids.dup();
        for (int i = 0; i < B; i++) {
            if (m[i] == 0) {
                x2.getRow(i).assign(100.0 + i);
                ids2.putScalar(i, 0, -3.5);
                assertEquals(0.0, r.embeddingGradient().getRow(i).amaxNumber().doubleValue(), 0.0);
                assertEquals(0.0, r.perExample().getDouble(i, 0), 0.0);
            }
        }
        HeadResult r2 = head.computeLoss(x2, w, ids2, mask, true);
        assertEquals(r.score(), r2.score(), 1e-12);
        assertEquals(r.weightGradient(), r2.weightGradient());
        // the mean still divides by all B rows, as DL4J's losses do
        assertEquals(java.util.Arrays.stream(expected).sum() / B, r.score(), 1e-10);
    }

    @ParameterizedTest
    @EnumSource(HeadCase.class)
    void floatGradientsAgreeWithDouble(HeadCase hc) {
        Batch in = new Batch(hc, DataType.DOUBLE, 9);
        CosineHead head = in.head;
        INDArray x = in.x, w = in.w, ids = in.ids;
        HeadResult d = head.computeLoss(x, w, ids, null, true);
        HeadResult f = head.computeLoss(x.castTo(DataType.FLOAT), w.castTo(DataType.FLOAT),
                ids.castTo(DataType.FLOAT), null, true);
        assertEquals(DataType.FLOAT, f.embeddingGradient().dataType());
        assertEquals(DataType.FLOAT, f.weightGradient().dataType());
        double scaleX = d.embeddingGradient().amaxNumber().doubleValue();
        double scaleW = d.weightGradient().amaxNumber().doubleValue();
        assertTrue(d.embeddingGradient().sub(f.embeddingGradient().castTo(DataType.DOUBLE)).amaxNumber()
                .doubleValue() < 1e-4 * scaleX);
        assertTrue(d.weightGradient().sub(f.weightGradient().castTo(DataType.DOUBLE)).amaxNumber()
                .doubleValue() < 1e-4 * scaleW);
    }

    /** Scaling an embedding or a class weight column changes nothing: both are normalised. */
    @ParameterizedTest
    @EnumSource(HeadCase.class)
    void invariantToTheNormsOfEmbeddingsAndWeights(HeadCase hc) {
        Batch in = new Batch(hc, DataType.DOUBLE, 12);
        CosineHead head = in.head;
        INDArray x = in.x, w = in.w, ids = in.ids;
        double s = head.computeLoss(x, w, ids, null, false).score();
        INDArray x2 = x.dup();
        x2.getRow(0).muli(7.5);
        INDArray w2 = w.dup();
        w2.getColumn(1).muli(0.01);
        assertEquals(s, head.computeLoss(x2, w2, ids, null, false).score(), 1e-10 * Math.max(1, s));
    }

    @Test
    void aZeroEmbeddingHasAFiniteGradient() {
        for (HeadCase hc : HeadCase.values()) {
            CosineHead head = hc.head(D, C);
            INDArray x = embeddings(DataType.DOUBLE, 14);
            x.getRow(2).assign(0.0);
            HeadResult r = head.computeLoss(x, weights(head, DataType.DOUBLE, 15), ids(DataType.DOUBLE), null, true);
            assertTrue(Double.isFinite(r.score()), hc.name());
            assertTrue(Double.isFinite(r.embeddingGradient().sumNumber().doubleValue()), hc.name());
            assertTrue(Double.isFinite(r.weightGradient().sumNumber().doubleValue()), hc.name());
        }
    }
}
