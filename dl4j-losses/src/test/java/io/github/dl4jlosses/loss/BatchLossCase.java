package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.NaiveDistances;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Registry of the in-batch and mined losses under test (every loss × option), each with a naive reference
 * written independently of the library with plain loops over i, j, k. A reference gets the activated
 * output of the kept (unmasked) rows and their class ids, and returns per-row contributions whose mean is
 * the loss of that batch as the formula defines it.
 */
final class BatchLossCase {
    enum Family { PAIR_BATCH, LABELLED }

    interface Naive {
        /** @param out kept rows, activated; @param cls class ids of the kept rows, or null (no class ids) */
        double[] perRow(double[][] out, int[] cls);
    }

    final String id;
    final ILossFunction loss;
    final Family family;
    /** Whether labels are class ids the loss uses (false: the loss ignores them). */
    final boolean usesClassIds;
    final Naive naive;

    private BatchLossCase(String id, ILossFunction loss, Family family, boolean usesClassIds, Naive naive) {
        this.id = id;
        this.loss = loss;
        this.family = family;
        this.usesClassIds = usesClassIds;
        this.naive = naive;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Width of a row for embeddings of dimension d. */
    int width(int d) {
        return family == Family.PAIR_BATCH ? 2 * d : d;
    }

    static List<BatchLossCase> all() {
        List<BatchLossCase> cases = new ArrayList<>();
        for (Distance dist : Distance.values()) {
            double m = TupleLossCase.typicalScale(dist);
            for (boolean ids : new boolean[]{true, false}) {
                LossGeneralizedTriplet gt = LossGeneralizedTriplet.builder()
                        .with(LossGeneralizedTriplet.DISTANCE, dist).with(LossGeneralizedTriplet.MARGIN, m)
                        .with(LossGeneralizedTriplet.USE_CLASS_IDS, ids).build();
                cases.add(new BatchLossCase("generalizedTriplet[" + dist + ",ids=" + ids + "]", gt, Family.PAIR_BATCH, ids,
                        (out, cls) -> generalizedTriplet(out, cls, dist, m)));
            }
        }
        for (boolean ids : new boolean[]{true, false}) {
            for (double lambda : new double[]{0.0, 0.3}) {
                LossNPair np = LossNPair.builder().with(LossNPair.LAMBDA, lambda)
                        .with(LossNPair.USE_CLASS_IDS, ids).build();
                cases.add(new BatchLossCase("nPair[lambda=" + lambda + ",ids=" + ids + "]", np, Family.PAIR_BATCH, ids,
                        (out, cls) -> nPair(out, cls, lambda)));
            }
            for (boolean symmetric : new boolean[]{false, true}) {
                double tau = 0.5;
                LossInfoNCE nce = LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, tau)
                        .with(LossInfoNCE.SYMMETRIC, symmetric).with(LossInfoNCE.USE_CLASS_IDS, ids).build();
                cases.add(new BatchLossCase("infoNCE[tau=" + tau + ",symmetric=" + symmetric + ",ids=" + ids + "]", nce,
                        Family.PAIR_BATCH, ids, (out, cls) -> infoNce(out, cls, tau, symmetric)));
            }
        }
        for (TripletMining mining : TripletMining.values()) {
            for (Distance dist : Distance.values()) {
                for (boolean soft : new boolean[]{false, true}) {
                    double m = 0.5 * TupleLossCase.typicalScale(dist);
                    LossBatchTriplet bt = LossBatchTriplet.builder().with(LossBatchTriplet.MINING, mining)
                            .with(LossBatchTriplet.DISTANCE, dist).with(LossBatchTriplet.MARGIN, m)
                            .with(LossBatchTriplet.SOFT_MARGIN, soft).build();
                    cases.add(new BatchLossCase("batchTriplet[" + mining + "," + dist + ",soft=" + soft + "]", bt,
                            Family.LABELLED, true, (out, cls) -> batchTriplet(out, cls, mining, dist, m, soft)));
                }
            }
        }
        for (boolean mine : new boolean[]{true, false}) {
            // β = 10 keeps the exponentials of a 5-row toy batch in a range where both terms matter
            double alpha = 2, beta = 10, lambda = 0.5, eps = 0.1;
            LossMultiSimilarity ms = LossMultiSimilarity.builder().with(LossMultiSimilarity.ALPHA, alpha)
                    .with(LossMultiSimilarity.BETA, beta).with(LossMultiSimilarity.LAMBDA, lambda)
                    .with(LossMultiSimilarity.EPSILON, eps)
                    .with(LossMultiSimilarity.MINE, mine).build();
            cases.add(new BatchLossCase("multiSimilarity[beta=10,mine=" + mine + "]", ms, Family.LABELLED, true,
                    (out, cls) -> multiSimilarity(out, cls, alpha, beta, lambda, eps, mine)));
        }
        cases.add(new BatchLossCase("multiSimilarity[defaults]", new LossMultiSimilarity(), Family.LABELLED, true,
                (out, cls) -> multiSimilarity(out, cls, 2, 50, 0.5, 0.1, true)));
        addPairWeighted(cases);
        return cases;
    }

    private static void addPairWeighted(List<BatchLossCase> cases) {
        // The circle loss's gradient is the exact derivative only with detachWeights(false) (finite differences
        // check it here); LossCircleTest checks the default, detached one.
        for (double[] mg : new double[][]{{0.25, 256}, {0.4, 80}}) {
            LossCircle circle = LossCircle.builder().with(LossCircle.MARGIN, mg[0])
                    .with(LossCircle.GAMMA, mg[1]).with(LossCircle.DETACH_WEIGHTS, false).build();
            cases.add(new BatchLossCase("circle[m=" + mg[0] + ",gamma=" + mg[1] + ",detachWeights=false]", circle,
                    Family.LABELLED, true, (out, cls) -> circle(out, cls, mg[0], mg[1])));
        }
        for (double tau : new double[]{0.07, 0.5}) {
            cases.add(new BatchLossCase("supCon[tau=" + tau + "]", LossSupCon.builder()
                    .with(LossSupCon.TEMPERATURE, tau).build(),
                    Family.LABELLED, true, (out, cls) -> supCon(out, cls, tau)));
        }
        for (Distance dist : Distance.values()) {
            double mPos = 0.1 * TupleLossCase.typicalScale(dist);
            double mNeg = TupleLossCase.typicalScale(dist);
            LossLiftedStructure lifted = LossLiftedStructure.builder().with(LossLiftedStructure.DISTANCE, dist)
                    .with(LossLiftedStructure.MARGIN_POSITIVE, mPos)
                    .with(LossLiftedStructure.MARGIN_NEGATIVE, mNeg).build();
            cases.add(new BatchLossCase("liftedStructure[" + dist + "]", lifted, Family.LABELLED, true,
                    (out, cls) -> liftedStructure(out, cls, dist, mPos, mNeg)));
        }
        cases.add(new BatchLossCase("liftedStructure[defaults]", new LossLiftedStructure(), Family.LABELLED, true,
                (out, cls) -> liftedStructure(out, cls, Distance.EUCLIDEAN, 0, 1)));
    }

    // ------------------------------------------------------------------ naive references

    private static double[] half(double[] row, int which) {
        return NaiveDistances.block(row, which, row.length / 2);
    }

    /** j is an in-batch negative of anchor i. */
    private static boolean isNegative(int[] cls, int i, int j) {
        return j != i && (cls == null || cls[i] != cls[j]);
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) s += x[k] * y[k];
        return s;
    }

    static double[] generalizedTriplet(double[][] out, int[] cls, Distance dist, double m) {
        int n = out.length;
        double[] loss = new double[n];
        int anchors = 0;
        for (int i = 0; i < n; i++) {
            double closest = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (isNegative(cls, i, j)) {
                    closest = Math.min(closest, NaiveDistances.of(dist, half(out[i], 0), half(out[j], 1)));
                }
            }
            if (closest == Double.POSITIVE_INFINITY) continue;
            anchors++;
            loss[i] = Math.max(0, NaiveDistances.of(dist, half(out[i], 0), half(out[i], 1)) - closest + m);
        }
        for (int i = 0; i < n; i++) loss[i] = anchors == 0 ? 0 : loss[i] * n / anchors;
        return loss;
    }

    static double[] nPair(double[][] out, int[] cls, double lambda) {
        int n = out.length;
        double[] ce = new double[n];
        boolean[] hasNeg = new boolean[n];
        int anchors = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) hasNeg[i] |= isNegative(cls, i, j);
            if (!hasNeg[i]) continue;
            anchors++;
            double sumExp = 0, targetDot = 0;
            int sameCount = 0;
            for (int j = 0; j < n; j++) {
                if (!isNegative(cls, i, j)) sameCount++;
            }
            for (int j = 0; j < n; j++) {
                double s = dot(half(out[i], 0), half(out[j], 1));
                sumExp += Math.exp(s);
                if (!isNegative(cls, i, j)) targetDot += s / sameCount;
            }
            ce[i] = Math.log(sumExp) - targetDot;
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double[] a = half(out[i], 0), p = half(out[i], 1);
            r[i] = (anchors == 0 ? 0 : ce[i] * n / anchors) + 0.25 * lambda * (dot(a, a) + dot(p, p));
        }
        return r;
    }

    static double[] infoNce(double[][] out, int[] cls, double tau, boolean symmetric) {
        int n = out.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = (1 - NaiveDistances.of(Distance.COSINE, half(out[i], 0), half(out[j], 1))) / tau;
            }
        }
        double[] r = new double[n];
        int anchors = 0;
        for (int i = 0; i < n; i++) {
            boolean hasNeg = false;
            double rowSum = 0, colSum = 0;
            for (int j = 0; j < n; j++) {
                if (j == i || isNegative(cls, i, j)) {
                    rowSum += Math.exp(s[i][j]);
                    colSum += Math.exp(s[j][i]);
                }
                hasNeg |= isNegative(cls, i, j);
            }
            if (!hasNeg) continue;
            anchors++;
            double forward = Math.log(rowSum) - s[i][i];
            double backward = Math.log(colSum) - s[i][i];
            r[i] = symmetric ? (forward + backward) / 2 : forward;
        }
        for (int i = 0; i < n; i++) r[i] = anchors == 0 ? 0 : r[i] * n / anchors;
        return r;
    }

    private static double hinge(double z, double m, boolean soft) {
        return soft ? Math.log1p(Math.exp(z)) : Math.max(0, z + m);
    }

    static double[] batchTriplet(double[][] x, int[] cls, TripletMining mining, Distance dist, double m, boolean soft) {
        int b = x.length;
        double[][] d = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) d[i][j] = NaiveDistances.of(dist, x[i], x[j]);
        }
        double[] sum = new double[b];
        double count = 0;
        for (int a = 0; a < b; a++) {
            switch (mining) {
                case ALL:
                    for (int p = 0; p < b; p++) {
                        if (p == a || cls[p] != cls[a]) continue;
                        for (int n = 0; n < b; n++) {
                            if (cls[n] == cls[a]) continue;
                            double l = hinge(d[a][p] - d[a][n], m, soft);
                            sum[a] += l;
                            if (l > 0) count++;
                        }
                    }
                    break;
                case HARD: {
                    double farthestPos = Double.NEGATIVE_INFINITY, closestNeg = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < b; j++) {
                        if (j != a && cls[j] == cls[a]) farthestPos = Math.max(farthestPos, d[a][j]);
                        if (cls[j] != cls[a]) closestNeg = Math.min(closestNeg, d[a][j]);
                    }
                    if (farthestPos == Double.NEGATIVE_INFINITY || closestNeg == Double.POSITIVE_INFINITY) break;
                    sum[a] = hinge(farthestPos - closestNeg, m, soft);
                    count++;
                    break;
                }
                case SEMI_HARD: {
                    double farthestNeg = Double.NEGATIVE_INFINITY;
                    for (int n = 0; n < b; n++) {
                        if (cls[n] != cls[a]) farthestNeg = Math.max(farthestNeg, d[a][n]);
                    }
                    if (farthestNeg == Double.NEGATIVE_INFINITY) break;
                    for (int p = 0; p < b; p++) {
                        if (p == a || cls[p] != cls[a]) continue;
                        double semiHard = Double.POSITIVE_INFINITY;
                        for (int n = 0; n < b; n++) {
                            if (cls[n] != cls[a] && d[a][n] > d[a][p]) semiHard = Math.min(semiHard, d[a][n]);
                        }
                        if (semiHard == Double.POSITIVE_INFINITY) semiHard = farthestNeg;
                        sum[a] += hinge(d[a][p] - semiHard, m, soft);
                        count++;
                    }
                    break;
                }
                default:
                    throw new AssertionError(mining);
            }
        }
        double[] r = new double[b];
        for (int a = 0; a < b; a++) r[a] = count == 0 ? 0 : sum[a] * b / count;
        return r;
    }

    static double[] multiSimilarity(double[][] x, int[] cls, double alpha, double beta, double lambda, double eps,
                                    boolean mine) {
        int b = x.length;
        double[][] s = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) s[i][j] = 1 - NaiveDistances.of(Distance.COSINE, x[i], x[j]);
        }
        double[] r = new double[b];
        for (int a = 0; a < b; a++) {
            double maxNeg = Double.NEGATIVE_INFINITY, minPos = Double.POSITIVE_INFINITY;
            for (int j = 0; j < b; j++) {
                if (cls[j] != cls[a]) maxNeg = Math.max(maxNeg, s[a][j]);
                if (j != a && cls[j] == cls[a]) minPos = Math.min(minPos, s[a][j]);
            }
            if (maxNeg == Double.NEGATIVE_INFINITY || minPos == Double.POSITIVE_INFINITY) continue; // needs both
            double pos = 0, neg = 0;
            for (int j = 0; j < b; j++) {
                if (j != a && cls[j] == cls[a] && (!mine || s[a][j] - eps < maxNeg)) {
                    pos += Math.exp(-alpha * (s[a][j] - lambda));
                }
                if (cls[j] != cls[a] && (!mine || s[a][j] + eps > minPos)) {
                    neg += Math.exp(beta * (s[a][j] - lambda));
                }
            }
            r[a] = Math.log(1 + pos) / alpha + Math.log(1 + neg) / beta;
        }
        return r;
    }

    private static double[][] cosineSimilarities(double[][] x) {
        int b = x.length;
        double[][] s = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) s[i][j] = 1 - NaiveDistances.of(Distance.COSINE, x[i], x[j]);
        }
        return s;
    }

    /** Anchors with a positive and a negative. */
    private static boolean[] validAnchors(int[] cls) {
        boolean[] valid = new boolean[cls.length];
        for (int a = 0; a < cls.length; a++) {
            boolean pos = false, neg = false;
            for (int j = 0; j < cls.length; j++) {
                pos |= j != a && cls[j] == cls[a];
                neg |= cls[j] != cls[a];
            }
            valid[a] = pos && neg;
        }
        return valid;
    }

    /** Per-anchor losses spread as a mean over valid anchors: {@code loss[a] · B / #valid}, 0 elsewhere. */
    private static double[] meanOverValid(double[] loss, boolean[] valid) {
        int count = 0;
        for (boolean v : valid) if (v) count++;
        double[] r = new double[loss.length];
        for (int a = 0; a < loss.length; a++) r[a] = valid[a] ? loss[a] * loss.length / count : 0;
        return r;
    }

    /** log Σ exp(v) over the given values, the largest factored out first. */
    private static double logSumExp(List<Double> v) {
        double top = Double.NEGATIVE_INFINITY;
        for (double t : v) top = Math.max(top, t);
        double sum = 0;
        for (double t : v) sum += Math.exp(t - top);
        return top + Math.log(sum);
    }

    /** Circle loss with weights α taken from the similarities {@code weightsFrom} (the same as the loss's own, or frozen). */
    static double[] circle(double[][] x, int[] cls, double m, double gamma, double[][] weightsFrom) {
        int b = x.length;
        double[][] s = cosineSimilarities(x);
        boolean[] valid = validAnchors(cls);
        double[] loss = new double[b];
        for (int a = 0; a < b; a++) {
            if (!valid[a]) continue;
            List<Double> lp = new ArrayList<>(), ln = new ArrayList<>();
            for (int j = 0; j < b; j++) {
                if (j != a && cls[j] == cls[a]) {
                    double alpha = Math.max(0, 1 + m - weightsFrom[a][j]);
                    lp.add(-gamma * alpha * (s[a][j] - (1 - m)));
                } else if (cls[j] != cls[a]) {
                    double alpha = Math.max(0, weightsFrom[a][j] + m);
                    ln.add(gamma * alpha * (s[a][j] - m));
                }
            }
            double u = logSumExp(lp) + logSumExp(ln);
            loss[a] = u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
        }
        return meanOverValid(loss, valid);
    }

    static double[] circle(double[][] x, int[] cls, double m, double gamma) {
        return circle(x, cls, m, gamma, cosineSimilarities(x));
    }

    static double[] supCon(double[][] x, int[] cls, double tau) {
        int b = x.length;
        double[][] s = cosineSimilarities(x);
        boolean[] valid = validAnchors(cls);
        double[] loss = new double[b];
        for (int a = 0; a < b; a++) {
            if (!valid[a]) continue;
            double denominator = 0;
            for (int j = 0; j < b; j++) {
                if (j != a) denominator += Math.exp(s[a][j] / tau);
            }
            int positives = 0;
            for (int p = 0; p < b; p++) {
                if (p == a || cls[p] != cls[a]) continue;
                positives++;
                loss[a] -= Math.log(Math.exp(s[a][p] / tau) / denominator);
            }
            loss[a] /= positives;
        }
        return meanOverValid(loss, valid);
    }

    static double[] liftedStructure(double[][] x, int[] cls, Distance dist, double mPos, double mNeg) {
        int b = x.length;
        boolean[] valid = validAnchors(cls);
        double[] loss = new double[b];
        for (int a = 0; a < b; a++) {
            if (!valid[a]) continue;
            double pos = 0, neg = 0;
            for (int j = 0; j < b; j++) {
                double d = NaiveDistances.of(dist, x[a], x[j]);
                if (j != a && cls[j] == cls[a]) pos += Math.exp(d - mPos);
                if (cls[j] != cls[a]) neg += Math.exp(mNeg - d);
            }
            loss[a] = Math.max(0, Math.log(pos) + Math.log(neg));
        }
        return meanOverValid(loss, valid);
    }
}
