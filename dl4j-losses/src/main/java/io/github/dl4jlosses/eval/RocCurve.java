package io.github.dl4jlosses.eval;

import java.util.Arrays;

/**
 * The ROC curve of a verification set, and the metrics read off it.
 * <p>
 * <b>Decision rule.</b> A pair is accepted as "same" when its score is <em>at least</em> the threshold:
 * {@code score ≥ t}. Higher scores must mean "more similar"; for distances pass
 * {@link VerificationMetrics#similaritiesFromDistances(double[])} (the negated distances).
 * <p>
 * <b>Points.</b> Point 0 is threshold {@code +∞} (nothing accepted, FPR = TPR = 0). Then one point per
 * <em>distinct</em> score {@code v}, from the highest down, with threshold {@code v}:
 * {@code TPR(v) = #{same pairs with score ≥ v} / P}, {@code FPR(v) = #{different pairs with score ≥ v} / N}.
 * Tied scores therefore form one step (possibly diagonal), never a staircase whose shape would depend on
 * the input order. The last point is (1, 1). No collinear point is dropped (this is scikit-learn's
 * {@code roc_curve(..., drop_intermediate=False)}, except that its first threshold is {@code +∞} here).
 * <p>
 * Instances are immutable; array getters return copies.
 */
public final class RocCurve {

    private final int positives;
    private final int negatives;
    /** Cumulative true / false positive counts at each point; index 0 is the (0,0) point. */
    private final int[] truePositives;
    private final int[] falsePositives;
    private final double[] thresholds;

    private RocCurve(int positives, int negatives, int[] truePositives, int[] falsePositives, double[] thresholds) {
        this.positives = positives;
        this.negatives = negatives;
        this.truePositives = truePositives;
        this.falsePositives = falsePositives;
        this.thresholds = thresholds;
    }

    /**
     * Builds the ROC curve of {@code scores} (higher = more similar) against the truth {@code same}.
     *
     * @throws IllegalArgumentException if the arrays are null or differ in length, a score is NaN or
     *                                  infinite, or there is not at least one same and one different pair
     */
    public static RocCurve of(double[] scores, boolean[] same) {
        Checks.verificationInput(scores, same);
        int p = 0;
        for (boolean s : same) {
            if (s) {
                p++;
            }
        }
        double[] pos = new double[p];
        double[] neg = new double[same.length - p];
        for (int i = 0, a = 0, b = 0; i < same.length; i++) {
            if (same[i]) {
                pos[a++] = scores[i];
            } else {
                neg[b++] = scores[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);

        int capacity = scores.length + 1;
        int[] tp = new int[capacity];
        int[] fp = new int[capacity];
        double[] thr = new double[capacity];
        thr[0] = Double.POSITIVE_INFINITY;
        int points = 1;
        // Walk both sorted lists from the top; every distinct value takes all its ties at once.
        int i = pos.length - 1;
        int k = neg.length - 1;
        int tpCount = 0;
        int fpCount = 0;
        while (i >= 0 || k >= 0) {
            double v = (k < 0 || (i >= 0 && pos[i] >= neg[k])) ? pos[i] : neg[k];
            while (i >= 0 && pos[i] == v) {
                tpCount++;
                i--;
            }
            while (k >= 0 && neg[k] == v) {
                fpCount++;
                k--;
            }
            tp[points] = tpCount;
            fp[points] = fpCount;
            thr[points] = v;
            points++;
        }
        return new RocCurve(pos.length, neg.length, Arrays.copyOf(tp, points), Arrays.copyOf(fp, points),
                Arrays.copyOf(thr, points));
    }

    /** Number of points, including the leading (0,0) point at threshold {@code +∞}. */
    public int size() {
        return thresholds.length;
    }

    /** Number of same pairs, P. */
    public int positives() {
        return positives;
    }

    /** Number of different pairs, N. */
    public int negatives() {
        return negatives;
    }

    /** Thresholds, strictly decreasing; {@code thresholds()[0] = +∞}, the rest are the distinct scores. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** True positive rate (TAR) at each point: same pairs accepted / P. */
    public double[] truePositiveRates() {
        return rates(truePositives, positives);
    }

    /** False positive rate (FAR) at each point: different pairs accepted / N. */
    public double[] falsePositiveRates() {
        return rates(falsePositives, negatives);
    }

    /** Same pairs accepted at each point. */
    public int[] truePositiveCounts() {
        return truePositives.clone();
    }

    /** Different pairs accepted at each point. */
    public int[] falsePositiveCounts() {
        return falsePositives.clone();
    }

    /**
     * Area under the curve by the trapezoidal rule over all points. Because ties form one (diagonal) step,
     * this equals the Mann–Whitney probability {@code P(s⁺ > s⁻) + ½·P(s⁺ = s⁻)} over all same/different
     * pairs of pairs. Computed from integer counts, so it is exact up to the final division.
     */
    public double auc() {
        long twiceArea = 0;
        for (int j = 1; j < size(); j++) {
            long width = falsePositives[j] - falsePositives[j - 1];
            long heights = truePositives[j] + (long) truePositives[j - 1];
            twiceArea += width * heights;
        }
        return twiceArea / (2.0 * positives * (double) negatives);
    }

    /**
     * Equal error rate: the rate at which the false accept rate FPR equals the false reject rate
     * {@code FNR = 1 − TPR}. The ROC points are joined by straight lines (as for {@link #auc()}) and the EER
     * is where that polyline crosses the line {@code TPR = 1 − FPR}: on the first segment {@code (a, b)}
     * where {@code g = 1 − TPR − FPR} reaches ≤ 0, {@code EER = FPR_a + λ·(FPR_b − FPR_a)} with
     * {@code λ = g_a / (g_a − g_b)}. This is the same number as the common
     * {@code brentq(lambda x: 1 − x − interp1d(fpr, tpr)(x), 0, 1)} recipe. If a point lies exactly on the line,
     * its FPR is returned.
     */
    public double equalErrorRate() {
        // g = 1 − TPR − FPR, scaled by P·N to stay in exact integers: G = P·N − TP·N − FP·P.
        // G starts at P·N at (0,0), ends at −P·N at (1,1) and never increases, so a crossing always exists.
        long pn = (long) positives * negatives;
        long previous = pn;
        for (int j = 1; j < size(); j++) {
            long g = pn - (long) truePositives[j] * negatives - (long) falsePositives[j] * positives;
            if (g <= 0) {
                double lambda = previous / (double) (previous - g);
                double fpCrossing = falsePositives[j - 1] + lambda * (falsePositives[j] - falsePositives[j - 1]);
                return fpCrossing / negatives;
            }
            previous = g;
        }
        throw new AssertionError("ROC curve does not reach (1,1)");
    }

    /**
     * True accept rate at a false accept rate target: among the ROC points whose FAR ≤ {@code targetFar},
     * the one with the highest TAR (that is, the lowest such threshold). No interpolation: with N different
     * pairs, FAR moves in steps of {@code 1/N}, so a target below {@code 1/N} is only met by the points with
     * FAR 0 — report the achieved FAR ({@link TarAtFar#far()}) alongside.
     *
     * @param targetFar the largest acceptable FAR, in [0, 1]
     * @throws IllegalArgumentException if {@code targetFar} is NaN or outside [0, 1]
     */
    public TarAtFar tarAtFar(double targetFar) {
        if (!(targetFar >= 0 && targetFar <= 1)) {
            throw new IllegalArgumentException("expected a target FAR in [0, 1], but got " + targetFar);
        }
        // FPR never decreases along the curve; point 0 (FAR 0) always qualifies.
        int best = 0;
        for (int j = 1; j < size(); j++) {
            if (falsePositives[j] / (double) negatives <= targetFar) {
                best = j;
            } else {
                break;
            }
        }
        return new TarAtFar(targetFar, truePositives[best] / (double) positives,
                falsePositives[best] / (double) negatives, thresholds[best]);
    }

    /**
     * The highest accuracy {@code (TP + TN) / (P + N)} of any threshold, and a threshold reaching it.
     * <p>
     * Accuracy only changes at the distinct scores, so point {@code j} stands for every threshold in
     * {@code (v_{j+1}, v_j]}. Among equally accurate points the one with the highest threshold (fewest
     * accepts) wins. The reported threshold is the midpoint {@code (v_j + v_{j+1}) / 2} between the lowest
     * accepted and the highest rejected score — the margin-maximising choice, which matters when the
     * threshold is applied to other pairs, as in {@link KFoldAccuracy}. When nothing is accepted the
     * threshold is {@code +∞}; when everything is, {@code −∞}.
     */
    public ThresholdAccuracy bestAccuracy() {
        int best = 0;
        long bestCorrect = -1;
        for (int j = 0; j < size(); j++) {
            long correct = truePositives[j] + (long) (negatives - falsePositives[j]);
            if (correct > bestCorrect) {
                bestCorrect = correct;
                best = j;
            }
        }
        return new ThresholdAccuracy(thresholdBetween(best), bestCorrect / (double) (positives + negatives));
    }

    /** A threshold that accepts exactly the scores of points 1..j: strictly above v_{j+1}, at most v_j. */
    private double thresholdBetween(int j) {
        if (j == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (j == size() - 1) {
            return Double.NEGATIVE_INFINITY;
        }
        double accepted = thresholds[j];
        double rejected = thresholds[j + 1];
        double mid = accepted / 2 + rejected / 2; // halves first: no overflow for huge scores
        // Rounding can land on the rejected score when the two are adjacent doubles.
        return (mid > rejected && mid <= accepted) ? mid : accepted;
    }

    private static double[] rates(int[] counts, int total) {
        double[] r = new double[counts.length];
        for (int j = 0; j < counts.length; j++) {
            r[j] = counts[j] / (double) total;
        }
        return r;
    }
}
