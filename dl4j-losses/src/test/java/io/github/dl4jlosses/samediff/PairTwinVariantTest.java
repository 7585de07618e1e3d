package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.PairBatchLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pair-batch twins run a graph without class masks when every row is its own class ({@link
 * SDPairBatchLoss#graphVariant}): for distinct ids (a column in any order, or one-hot rows) it gives the analytic loss's
 * score and gradient, and batches with repeated ids on the same twin, before and after, still run the graph with the
 * class masks and give theirs.
 */
class PairTwinVariantTest {
    private static final IActivation IDENTITY = new ActivationIdentity();
    private static final int N = 7;
    private static final double[] DISTINCT_IDS = {30, 2, 17, 5, 11, 41, 8};

    static Stream<Arguments> cases() {
        return TwinCase.all().stream().filter(c -> c.twin instanceof SDPairBatchLoss)
                .flatMap(c -> Stream.of(Arguments.of(c, DataType.DOUBLE), Arguments.of(c, DataType.FLOAT)));
    }

    /** Every row its own class, in the form of {@code repeated}: a column of ids, or one-hot rows of N classes. */
    private static INDArray distinct(INDArray repeated, DataType type) {
        if (repeated.size(1) == 1) {
            return Nd4j.createFromArray(DISTINCT_IDS).castTo(type).reshape(N, 1);
        }
        INDArray hot = Nd4j.zeros(type, N, N);
        for (int i = 0; i < N; i++) {
            hot.putScalar(i, (i * 3) % N, 1.0);     // a permutation of the N classes
        }
        return hot;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void distinctAndRepeatedIdsInTurnAgreeWithTheAnalyticLoss(TwinCase c, DataType type) {
        INDArray[] in = c.inputs.make(type, 11, N, 4);       // class ids of 3 classes, each repeated
        INDArray repeated = in[0];
        INDArray distinct = distinct(repeated, type);
        boolean usesIds = ((PairBatchLoss) c.analytic).get(PairBatchLoss.USE_CLASS_IDS);
        double tolerance = type == DataType.DOUBLE ? 1e-10 : 1e-4;
        SDPairBatchLoss<?> twin = (SDPairBatchLoss<?>) c.twin;
        for (INDArray labels : new INDArray[]{distinct, repeated, distinct, repeated}) {
            boolean eachOwnClass = labels == distinct || !usesIds;
            assertEquals(eachOwnClass ? 1 : 0, twin.graphVariant(twin.graphLabels(labels, N)), "graph variant");
            Pair<Double, INDArray> a = c.analytic.computeGradientAndScore(labels, in[1], IDENTITY, null, true);
            Pair<Double, INDArray> s = twin.computeGradientAndScore(labels, in[1], IDENTITY, null, true);
            String which = eachOwnClass ? "distinct ids" : "repeated ids";
            assertEquals(a.getFirst(), s.getFirst(), tolerance * Math.max(1, Math.abs(a.getFirst())), "score, " + which);
            double scale = Math.max(1, a.getSecond().norm2Number().doubleValue());
            assertEquals(0.0, a.getSecond().sub(s.getSecond()).norm2Number().doubleValue(), tolerance * scale,
                    "gradient, " + which);
        }
    }

    /**
     * A graph without class ids fed one pair (the losses refuse such a batch up front; a graph of one's own does not):
     * the anchor has no negative, so it scores 0 (N-pair: its L2 term only), with no gradient through the meaningless
     * pick of the generalized triplet among no negatives.
     */
    @Test
    void onePairWithoutClassIdsHasNoNegative() {
        double[][] a = {{0.3, -1.2, 0.7}};
        double[][] p = {{1.1, 0.4, -0.5}};
        for (String loss : new String[]{"generalizedTriplet", "nPair", "infoNCE"}) {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.var("a", Nd4j.createFromArray(a));
            SDVariable y = sd.var("p", Nd4j.createFromArray(p));
            SDLossOutput out = loss.equals("generalizedTriplet")
                    ? SDPairBatchLosses.generalizedTriplet(sd, "l", x, y, null, 0.2, Distance.EUCLIDEAN)
                    : loss.equals("nPair") ? SDPairBatchLosses.nPair(sd, "l", x, y, null, 0.002)
                    : SDPairBatchLosses.infoNCE(sd, "l", x, y, null, 0.07, false);
            double l2 = loss.equals("nPair") ? 0.25 * 0.002 * (0.09 + 1.44 + 0.49 + 1.21 + 0.16 + 0.25) : 0.0;
            assertEquals(l2, out.perExample().eval().getDouble(0, 0), 1e-12, loss);
        }
    }
}
