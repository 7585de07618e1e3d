package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Registry of (analytic loss, SameDiff twin) pairs: every loss of the library with every option. The
 * twin is made by {@link SameDiffTwins#of}, so a registered analytic loss brings its twin along; and
 * {@code TwinCoverageTest} fails when a loss class of the library has no entry here.
 */
final class TwinCase {
    /** Makes {@code {labels, preOutput}} of a case's input family. */
    interface Inputs {
        INDArray[] make(DataType type, long seed, int rows, int d);
    }

    final String id;
    final ILossFunction analytic;
    final SameDiffRankingLoss twin;
    final Inputs inputs;

    private TwinCase(String id, ILossFunction analytic, Inputs inputs) {
        this.id = id;
        this.analytic = analytic;
        this.twin = SameDiffTwins.of(analytic);
        this.inputs = inputs;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Pair family: {@code [B,2D]} and 0/1 labels. */
    static Inputs pairs() {
        return (type, seed, rows, d) -> new INDArray[]{
                RandomArrays.binaryLabels(type, seed + 1, rows), RandomArrays.gaussian(type, seed, rows, 2 * d)};
    }

    /** Tuple family: {@code [B,k·D]}, labels ignored (zeros). */
    static Inputs tuples(int blocks) {
        return (type, seed, rows, d) -> new INDArray[]{
                Nd4j.zeros(type, rows, 1), RandomArrays.gaussian(type, seed, rows, blocks * d)};
    }

    /** Margins that put some rows on each side of the hinge for tanh outputs with D = 5. */
    static double scale(Distance d) {
        switch (d) {
            case SQUARED_EUCLIDEAN: return 2.0;
            case EUCLIDEAN: return 1.2;
            case MANHATTAN: return 2.5;
            case COSINE: return 0.8;
            default: throw new AssertionError(d);
        }
    }

    private static final List<TwinCase> ALL = Collections.unmodifiableList(build());

    static List<TwinCase> all() {
        return ALL;
    }

    private static List<TwinCase> build() {
        List<TwinCase> cases = new ArrayList<>();
        for (Distance dist : Distance.values()) {
            double m = scale(dist);
            for (int similar : new int[]{1, 0}) {
                double mPos = similar == 1 ? 0.0 : 0.3 * m;
                cases.add(new TwinCase("contrastive[" + dist + ",similar=" + similar + ",mPos=" + mPos + "]",
                        LossContrastive.builder().distance(dist).similarLabel(similar)
                                .marginPositive(mPos).marginNegative(m).build(), pairs()));
            }
            for (boolean swap : new boolean[]{false, true}) {
                for (boolean soft : new boolean[]{false, true}) {
                    cases.add(new TwinCase("triplet[" + dist + ",swap=" + swap + ",soft=" + soft + "]",
                            LossTriplet.builder().margin(0.5 * m).distance(dist).swap(swap).softMargin(soft).build(),
                            tuples(3)));
                }
            }
            for (int[] pn : new int[][]{{1, 1}, {2, 3}}) {
                cases.add(new TwinCase("multiSampleTriplet[" + dist + ",P=" + pn[0] + ",N=" + pn[1] + "]",
                        LossMultiSampleTriplet.builder().positives(pn[0]).negatives(pn[1]).margin(0.5 * m)
                                .distance(dist).build(), tuples(1 + pn[0] + pn[1])));
            }
        }
        return cases;
    }
}
