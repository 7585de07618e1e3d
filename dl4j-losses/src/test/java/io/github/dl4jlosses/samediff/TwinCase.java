package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.CrossBatchMemory;
import io.github.dl4jlosses.loss.LossCircle;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import io.github.dl4jlosses.loss.LossInfoNCE;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import io.github.dl4jlosses.loss.LossNPair;
import io.github.dl4jlosses.loss.LossSupCon;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.loss.TripletMining;
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

    /** Pair batch: {@code [N,2D]} and class ids {@code [N,1]} of 3 classes, each repeated. */
    static Inputs pairBatch() {
        return (type, seed, rows, d) -> new INDArray[]{
                RandomArrays.classIds(type, seed + 1, rows, 3), RandomArrays.gaussian(type, seed, rows, 2 * d)};
    }

    /** Labelled batch: {@code [B,D]} and class ids {@code [B,1]} of 3 classes, each repeated. */
    static Inputs labelled() {
        return (type, seed, rows, d) -> new INDArray[]{
                RandomArrays.classIds(type, seed + 1, rows, 3), RandomArrays.gaussian(type, seed, rows, d)};
    }

    /** {@code inputs} with its class ids as one-hot {@code [B,3]} labels. */
    static Inputs oneHot(Inputs inputs) {
        return (type, seed, rows, d) -> {
            INDArray[] in = inputs.make(type, seed, rows, d);
            INDArray hot = Nd4j.zeros(type, rows, 3);
            for (int i = 0; i < rows; i++) {
                hot.putScalar(i, in[0].getInt(i, 0), 1.0);
            }
            return new INDArray[]{hot, in[1]};
        };
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
                        LossContrastive.builder().with(LossContrastive.DISTANCE, dist)
                                .with(LossContrastive.SIMILAR_LABEL, similar)
                                .with(LossContrastive.MARGIN_POSITIVE, mPos)
                                .with(LossContrastive.MARGIN_NEGATIVE, m).build(), pairs()));
            }
            for (boolean swap : new boolean[]{false, true}) {
                for (boolean soft : new boolean[]{false, true}) {
                    cases.add(new TwinCase("triplet[" + dist + ",swap=" + swap + ",soft=" + soft + "]",
                            LossTriplet.builder().with(LossTriplet.MARGIN, 0.5 * m)
                                    .with(LossTriplet.DISTANCE, dist).with(LossTriplet.SWAP, swap)
                                    .with(LossTriplet.SOFT_MARGIN, soft).build(),
                            tuples(3)));
                }
            }
            for (int[] pn : new int[][]{{1, 1}, {2, 3}}) {
                cases.add(new TwinCase("multiSampleTriplet[" + dist + ",P=" + pn[0] + ",N=" + pn[1] + "]",
                        LossMultiSampleTriplet.builder().with(LossMultiSampleTriplet.POSITIVES, pn[0])
                                .with(LossMultiSampleTriplet.NEGATIVES, pn[1])
                                .with(LossMultiSampleTriplet.MARGIN, 0.5 * m)
                                .with(LossMultiSampleTriplet.DISTANCE, dist).build(), tuples(1 + pn[0] + pn[1])));
            }
        }
        addBatchCases(cases);
        return cases;
    }

    private static void addBatchCases(List<TwinCase> cases) {
        for (Distance dist : Distance.values()) {
            double m = scale(dist);
            for (boolean ids : new boolean[]{true, false}) {
                cases.add(new TwinCase("generalizedTriplet[" + dist + ",ids=" + ids + "]",
                        LossGeneralizedTriplet.builder().with(LossGeneralizedTriplet.DISTANCE, dist)
                                .with(LossGeneralizedTriplet.MARGIN, m)
                                .with(LossGeneralizedTriplet.USE_CLASS_IDS, ids).build(), pairBatch()));
            }
        }
        for (boolean ids : new boolean[]{true, false}) {
            for (double lambda : new double[]{0.0, 0.3}) {
                cases.add(new TwinCase("nPair[lambda=" + lambda + ",ids=" + ids + "]",
                        LossNPair.builder().with(LossNPair.LAMBDA, lambda)
                                .with(LossNPair.USE_CLASS_IDS, ids).build(), pairBatch()));
            }
            for (boolean symmetric : new boolean[]{false, true}) {
                cases.add(new TwinCase("infoNCE[tau=0.5,symmetric=" + symmetric + ",ids=" + ids + "]",
                        LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, 0.5)
                                .with(LossInfoNCE.SYMMETRIC, symmetric)
                                .with(LossInfoNCE.USE_CLASS_IDS, ids).build(), pairBatch()));
            }
        }
        cases.add(new TwinCase("nPair[one-hot]", LossNPair.builder()
                .with(LossNPair.LAMBDA, 0.1).build(), oneHot(pairBatch())));
        cases.add(new TwinCase("infoNCE[defaults,one-hot]", new LossInfoNCE(), oneHot(pairBatch())));
        for (TripletMining mining : TripletMining.values()) {
            for (Distance dist : Distance.values()) {
                for (boolean soft : new boolean[]{false, true}) {
                    cases.add(new TwinCase("batchTriplet[" + mining + "," + dist + ",soft=" + soft + "]",
                            LossBatchTriplet.builder().with(LossBatchTriplet.MINING, mining)
                                    .with(LossBatchTriplet.DISTANCE, dist)
                                    .with(LossBatchTriplet.MARGIN, 0.5 * scale(dist))
                                    .with(LossBatchTriplet.SOFT_MARGIN, soft).build(), labelled()));
                }
            }
            cases.add(new TwinCase("batchTriplet[" + mining + ",one-hot]",
                    LossBatchTriplet.builder().with(LossBatchTriplet.MINING, mining).build(), oneHot(labelled())));
        }
        for (boolean mine : new boolean[]{true, false}) {
            cases.add(new TwinCase("multiSimilarity[beta=10,mine=" + mine + "]",
                    LossMultiSimilarity.builder().with(LossMultiSimilarity.ALPHA, 2)
                            .with(LossMultiSimilarity.BETA, 10).with(LossMultiSimilarity.LAMBDA, 0.5)
                            .with(LossMultiSimilarity.EPSILON, 0.1).with(LossMultiSimilarity.MINE, mine).build(),
                    labelled()));
        }
        cases.add(new TwinCase("multiSimilarity[defaults,one-hot]", new LossMultiSimilarity(), oneHot(labelled())));
        addPairWeightedCases(cases);
    }

    private static void addPairWeightedCases(List<TwinCase> cases) {
        cases.add(new TwinCase("circle[defaults]", new LossCircle(), labelled()));
        cases.add(new TwinCase("circle[m=0.4,gamma=80,detachWeights=false]",
                LossCircle.builder().with(LossCircle.MARGIN, 0.4).with(LossCircle.GAMMA, 80)
                        .with(LossCircle.DETACH_WEIGHTS, false).build(), labelled()));
        cases.add(new TwinCase("circle[defaults,one-hot]", new LossCircle(), oneHot(labelled())));
        for (double tau : new double[]{0.07, 0.5}) {
            cases.add(new TwinCase("supCon[tau=" + tau + "]", LossSupCon.builder()
                    .with(LossSupCon.TEMPERATURE, tau).build(), labelled()));
        }
        cases.add(new TwinCase("supCon[defaults,one-hot]", new LossSupCon(), oneHot(labelled())));
        for (Distance dist : Distance.values()) {
            cases.add(new TwinCase("liftedStructure[" + dist + "]", LossLiftedStructure.builder()
                    .with(LossLiftedStructure.DISTANCE, dist)
                    .with(LossLiftedStructure.MARGIN_POSITIVE, 0.1 * scale(dist))
                    .with(LossLiftedStructure.MARGIN_NEGATIVE, scale(dist)).build(), labelled()));
        }
        cases.add(new TwinCase("liftedStructure[defaults,one-hot]", new LossLiftedStructure(), oneHot(labelled())));
        // A memory of 2 rows keeps nothing beyond the batch, so the shared instances stay stateless across tests: the
        // batch against its detached copy (the memory itself: SDCrossBatchMemoryTest).
        cases.add(new TwinCase("crossBatchMemory[multiSimilarity]",
                CrossBatchMemory.of(new LossMultiSimilarity(), 2), labelled()));
        cases.add(new TwinCase("crossBatchMemory[batchTriplet SEMI_HARD]",
                CrossBatchMemory.of(LossBatchTriplet.builder()
                        .with(LossBatchTriplet.MARGIN, 0.5).build(), 2), labelled()));
        cases.add(new TwinCase("crossBatchMemory[circle exact]",
                CrossBatchMemory.of(LossCircle.builder().with(LossCircle.GAMMA, 16)
                        .with(LossCircle.DETACH_WEIGHTS, false).build(), 2), oneHot(labelled())));
    }
}
