package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.NaiveDistances;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Registry of the row-independent (pair and tuple family) losses under test, each with a naive
 * per-row reference written independently of the library, so every parameterized test covers every
 * loss × distance × option by construction.
 */
final class TupleLossCase {
    /** Per-row loss from the row's blocks (each of width D) and its label. */
    interface NaiveRow {
        double of(double[][] blocks, double label);
    }

    final String id;
    final ILossFunction loss;
    final int blocks;
    final boolean binaryLabels;
    final NaiveRow naive;

    private TupleLossCase(String id, ILossFunction loss, int blocks, boolean binaryLabels, NaiveRow naive) {
        this.id = id;
        this.loss = loss;
        this.blocks = blocks;
        this.binaryLabels = binaryLabels;
        this.naive = naive;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Margins that put some rows on each side of the hinge for inputs in (−1,1) (tanh outputs, D = 5). */
    static double typicalScale(Distance d) {
        switch (d) {
            case SQUARED_EUCLIDEAN: return 2.0;
            case EUCLIDEAN: return 1.2;
            case MANHATTAN: return 2.5;
            case COSINE: return 0.8;
            default: throw new AssertionError(d);
        }
    }

    static List<TupleLossCase> all() {
        List<TupleLossCase> cases = new ArrayList<>();
        for (Distance dist : Distance.values()) {
            double m = typicalScale(dist);
            for (int similar : new int[]{1, 0}) {
                double mPos = similar == 1 ? 0.0 : 0.3 * m;
                LossContrastive c = LossContrastive.builder().with(LossContrastive.DISTANCE, dist)
                        .with(LossContrastive.SIMILAR_LABEL, similar)
                        .with(LossContrastive.MARGIN_POSITIVE, mPos).with(LossContrastive.MARGIN_NEGATIVE, m).build();
                cases.add(new TupleLossCase("contrastive[" + dist + ",similar=" + similar + ",mPos=" + mPos + "]",
                        c, 2, true, (b, y) -> {
                            double d = NaiveDistances.of(dist, b[0], b[1]);
                            boolean isSimilar = (int) y == similar;
                            double h = isSimilar ? Math.max(0, d - mPos) : Math.max(0, m - d);
                            return h * h;
                        }));
            }
            for (boolean swap : new boolean[]{false, true}) {
                for (boolean soft : new boolean[]{false, true}) {
                    LossTriplet t = LossTriplet.builder().with(LossTriplet.MARGIN, 0.5 * m)
                            .with(LossTriplet.DISTANCE, dist).with(LossTriplet.SWAP, swap)
                            .with(LossTriplet.SOFT_MARGIN, soft).build();
                    cases.add(new TupleLossCase("triplet[" + dist + ",swap=" + swap + ",soft=" + soft + "]",
                            t, 3, false, (b, y) -> {
                                double dap = NaiveDistances.of(dist, b[0], b[1]);
                                double dan = NaiveDistances.of(dist, b[0], b[2]);
                                if (swap) dan = Math.min(dan, NaiveDistances.of(dist, b[1], b[2]));
                                return soft ? Math.log(1 + Math.exp(dap - dan)) : Math.max(0, dap - dan + 0.5 * m);
                            }));
                }
            }
            int p = 2, n = 3;
            LossMultiSampleTriplet ms = LossMultiSampleTriplet.builder()
                    .with(LossMultiSampleTriplet.POSITIVES, p).with(LossMultiSampleTriplet.NEGATIVES, n)
                    .with(LossMultiSampleTriplet.MARGIN, 0.5 * m).with(LossMultiSampleTriplet.DISTANCE, dist).build();
            cases.add(new TupleLossCase("multiSampleTriplet[" + dist + ",P=2,N=3]", ms, 1 + p + n, false, (b, y) -> {
                double pos = 0, neg = 0;
                for (int k = 0; k < p; k++) pos += NaiveDistances.of(dist, b[0], b[1 + k]);
                for (int k = 0; k < n; k++) neg += NaiveDistances.of(dist, b[0], b[1 + p + k]);
                return Math.max(0, pos / p - neg / n + 0.5 * m);
            }));
        }
        return cases;
    }
}
