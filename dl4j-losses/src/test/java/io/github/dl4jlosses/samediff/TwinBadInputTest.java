package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.distance.Distance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input: a twin rejects exactly what its analytic loss rejects, with the same message (its own name
 * in place of the analytic loss's); the SameDiff functions reject bad variables and options up front.
 */
class TwinBadInputTest {
    private static final IActivation ID = Activation.IDENTITY.getActivationFunction();

    static List<TwinCase> cases() {
        return TwinCase.all();
    }

    /** Variants of a valid {labels, preOutput, mask} that break one expectation each. */
    private static Map<String, INDArray[]> badVariants(INDArray labels, INDArray pre) {
        long b = pre.size(0);
        Map<String, INDArray[]> v = new LinkedHashMap<>();
        v.put("one extra column", new INDArray[]{labels, Nd4j.zeros(pre.dataType(), b, pre.size(1) + 1), null});
        v.put("one label row short", new INDArray[]{labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, b - 1),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), pre, null});
        v.put("mask rows", new INDArray[]{labels, pre, Nd4j.ones(pre.dataType(), b + 1, 1)});
        v.put("rank-3 preOutput", new INDArray[]{labels, pre.reshape(b, 1, pre.size(1)), null});
        v.put("null preOutput", new INDArray[]{labels, null, null});
        INDArray half = labels.dup();
        half.putScalar(1, 0, 0.5);
        v.put("label 0.5", new INDArray[]{half, pre, null});
        return v;
    }

    private static String rejection(Executable call) {
        try {
            call.execute();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (Throwable t) {
            return "not an IllegalArgumentException: " + t;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void twinRejectsWhatItsAnalyticLossRejectsWithTheSameMessage(TwinCase c) {
        INDArray[] valid = c.inputs.make(DataType.DOUBLE, 3, 4, 2);
        int rejected = 0;
        for (Map.Entry<String, INDArray[]> e : badVariants(valid[0], valid[1]).entrySet()) {
            INDArray[] in = e.getValue();
            String analytic = rejection(() -> c.analytic.computeScore(in[0], in[1], ID, in[2], true));
            String twin = rejection(() -> c.twin.computeGradient(in[0], in[1], ID, in[2]));
            if (analytic == null) {
                assertEquals(null, twin, e.getKey() + ": the analytic loss accepts this");
                continue;
            }
            rejected++;
            assertTrue(!analytic.startsWith("not an"), e.getKey() + ": " + analytic);
            String expected = analytic.replace(c.analytic.name(), c.twin.name());
            assertEquals(expected, twin, e.getKey());
        }
        assertTrue(rejected >= 4, "most variants are bad input for every loss");

        // Integer output: the twin says so (not asked of the analytic loss, whose cosine distance
        // divides integers by zero natively and kills the JVM on this input in M2.1).
        String integer = rejection(() -> c.twin.computeScore(valid[0], valid[1].castTo(DataType.INT), ID, null, true));
        assertTrue(integer != null && integer.contains(c.twin.name()) && integer.contains("INT"), integer);
    }

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message «" + e.getMessage() + "» should contain «" + f + "»");
        }
    }

    @Test
    void functionsRejectKnownBadShapesAndOptions() {
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.placeHolder("a", DataType.FLOAT, -1, 4);
        SDVariable p = sd.placeHolder("p", DataType.FLOAT, -1, 4);
        SDVariable narrow = sd.placeHolder("narrow", DataType.FLOAT, -1, 3);
        SDVariable rank3 = sd.placeHolder("rank3", DataType.FLOAT, -1, 2, 2);
        SDVariable ints = sd.placeHolder("ints", DataType.INT, -1, 4);
        SDVariable wideLabels = sd.placeHolder("wideLabels", DataType.FLOAT, -1, 2);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 1);

        assertRejected(() -> SDDistance.rowwise(sd, null, Distance.EUCLIDEAN, a, narrow), "same width", "narrow", "3");
        assertRejected(() -> SDDistance.matrix(sd, null, Distance.COSINE, rank3, a), "rank-2", "rank3");
        assertRejected(() -> SDDistance.matrix(sd, null, Distance.COSINE, a, ints), "floating point", "INT");
        assertRejected(() -> SDTupleLosses.triplet(sd, null, a, p, narrow, 1, Distance.EUCLIDEAN, false, false),
                "SDTupleLosses.triplet", "same width");
        assertRejected(() -> SDTupleLosses.triplet(sd, null, a, p, p, -1, Distance.EUCLIDEAN, false, false),
                "margin", ">= 0", "-1");
        assertRejected(() -> SDTupleLosses.contrastive(sd, null, a, p, wideLabels, Distance.EUCLIDEAN, 1, 0, 1),
                "labels", "[B, 1]", "wideLabels");
        assertRejected(() -> SDTupleLosses.contrastive(sd, null, a, p, y, Distance.EUCLIDEAN, 2, 0, 1),
                "similarLabel", "2");
        assertRejected(() -> SDTupleLosses.contrastive(sd, null, a, p, y, null, 1, 0, 1), "distance", "null");
        assertRejected(() -> SDTupleLosses.multiSampleTriplet(sd, null, a, new SDVariable[0], new SDVariable[]{p}, 1,
                Distance.MANHATTAN), "at least one positive", "0 positives");
        assertRejected(() -> new SDLossTriplet().define(sd, null, new SDVariable[]{a, p}, y),
                "SDLossTriplet", "3 branch", "got 2");
        assertRejected(() -> new SDLossMultiSampleTriplet(LossMultiSampleTriplet.builder()
                .with(LossMultiSampleTriplet.NEGATIVES, 0).build()), "negatives", "0");
        assertRejected(() -> SameDiffTwins.of(new org.nd4j.linalg.lossfunctions.impl.LossMSE()), "no SameDiff twin",
                "LossMSE");
        assertRejected(() -> SDPairBatchLosses.infoNCE(sd, null, a, p, y, 0.0, false), "infoNCE", "temperature", ">= 0.0001");
        assertRejected(() -> SDPairBatchLosses.generalizedTriplet(sd, null, a, narrow, null, 0.2, Distance.EUCLIDEAN),
                "generalizedTriplet", "same width");
        assertRejected(() -> SDPairBatchLosses.nPair(sd, null, a, p, null, -0.1), "nPair", "lambda");
        assertRejected(() -> SDLabelledBatchLosses.batchTriplet(sd, null, a, null,
                io.github.dl4jlosses.loss.TripletMining.HARD, 1, Distance.EUCLIDEAN, false), "batchTriplet", "labels", "null");
        assertRejected(() -> SDLabelledBatchLosses.batchTriplet(sd, null, rank3, y,
                io.github.dl4jlosses.loss.TripletMining.ALL, 1, Distance.EUCLIDEAN, false), "batchTriplet", "rank-2");
        assertRejected(() -> SDLabelledBatchLosses.batchTriplet(sd, null, a, y, null, y,
                io.github.dl4jlosses.loss.TripletMining.ALL, 1, Distance.EUCLIDEAN, false), "batchTriplet", "slotIndex",
                "[B, S]", "null");
        assertRejected(() -> SDLabelledBatchLosses.batchTriplet(sd, null, a, y, y, rank3,
                io.github.dl4jlosses.loss.TripletMining.SEMI_HARD, 1, Distance.EUCLIDEAN, false), "batchTriplet",
                "slotValid", "rank-2 [B, S]", "rank3");
        assertRejected(() -> SDLabelledBatchLosses.positiveSlots(null), "positiveSlots", "labels", "null");
        assertRejected(() -> SDLabelledBatchLosses.positiveSlots(Nd4j.createFromArray(new double[][]{{0.5, 0.5}})),
                "positiveSlots", "one-hot");
        assertRejected(() -> SDLabelledBatchLosses.multiSimilarity(sd, null, a, y, 2, 50, Double.NaN, 0.1, true),
                "multiSimilarity", "lambda", "NaN");
        assertRejected(() -> new SDLossBatchTriplet().define(sd, null, new SDVariable[]{a, p}, y),
                "SDLossBatchTriplet", "1 branch", "got 2");
    }

    @Test
    void zeroDistancesHaveFiniteGradients() {
        // Identical pairs (zero Euclidean distance) and zero vectors (cosine's norm floor).
        INDArray x = Nd4j.createFromArray(new double[][]{{0.3, -0.2, 0.0}, {0, 0, 0}, {1, 2, 3}});
        INDArray pairs = Nd4j.hstack(x, x);
        INDArray labels = Nd4j.createFromArray(new double[][]{{1}, {0}, {0}});
        List<ILossFunction> twins = new ArrayList<>();
        for (Distance d : Distance.values()) {
            twins.add(new SDLossContrastive(LossContrastive.builder().with(LossContrastive.DISTANCE, d)
                    .with(LossContrastive.MARGIN_NEGATIVE, 1).build()));
        }
        for (ILossFunction twin : twins) {
            INDArray g = twin.computeGradient(labels, pairs, ID, null);
            assertTrue(!g.isNaN().any() && !g.isInfinite().any(), twin + ": " + g);
            assertTrue(Double.isFinite(twin.computeScore(labels, pairs, ID, null, true)));
        }
        INDArray triplets = Nd4j.hstack(x, x, Nd4j.zeros(DataType.DOUBLE, 3, 3));
        for (Distance d : Distance.values()) {
            for (boolean swap : new boolean[]{false, true}) {
                SDLossTriplet t = new SDLossTriplet(LossTriplet.builder().with(LossTriplet.DISTANCE, d)
                        .with(LossTriplet.SWAP, swap).build());
                INDArray g = t.computeGradient(null, triplets, ID, null);
                assertTrue(!g.isNaN().any() && !g.isInfinite().any(), t + ": " + g);
            }
        }
    }
}
