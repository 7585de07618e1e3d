package io.github.dl4jlosses.eval;

import lombok.Getter;
import lombok.experimental.Accessors;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every verification metric of one set of scored pairs, as {@link VerificationMetrics#evaluate} computes
 * them. Immutable. {@link #toMap()} gives the scalar results under stable snake_case keys for JSON output.
 */
@Getter
@Accessors(fluent = true)
public final class VerificationReport {

    /** The full ROC curve, for plotting. */
    private final RocCurve roc;
    /** Area under the ROC curve ({@link RocCurve#auc()}). */
    private final double rocAuc;
    /** Equal error rate ({@link RocCurve#equalErrorRate()}). */
    private final double equalErrorRate;
    /** TAR at each FAR target of {@link VerificationMetrics#farTargets()}, in that order. */
    private final List<TarAtFar> tarAtFar;
    /** Best accuracy over all thresholds on the whole set, and its threshold ({@link RocCurve#bestAccuracy()}). */
    private final ThresholdAccuracy bestAccuracy;
    /** Cross-validated accuracy ({@link KFoldAccuracy}). */
    private final KFoldAccuracy kFold;

    VerificationReport(RocCurve roc, List<TarAtFar> tarAtFar, ThresholdAccuracy bestAccuracy, KFoldAccuracy kFold) {
        this.roc = roc;
        this.rocAuc = roc.auc();
        this.equalErrorRate = roc.equalErrorRate();
        this.tarAtFar = Collections.unmodifiableList(new ArrayList<>(tarAtFar));
        this.bestAccuracy = bestAccuracy;
        this.kFold = kFold;
    }

    /** Number of pairs. */
    public int pairs() {
        return roc.positives() + roc.negatives();
    }

    /** Number of same pairs (P). */
    public int samePairs() {
        return roc.positives();
    }

    /** Number of different pairs (N). */
    public int differentPairs() {
        return roc.negatives();
    }

    /**
     * TAR at one of the report's FAR targets.
     *
     * @throws IllegalArgumentException if {@code targetFar} is not one of {@link VerificationMetrics#farTargets()}
     */
    public TarAtFar tarAtFar(double targetFar) {
        for (TarAtFar t : tarAtFar) {
            if (t.targetFar() == targetFar) {
                return t;
            }
        }
        throw new IllegalArgumentException("expected one of the reported FAR targets "
                + Arrays.toString(VerificationMetrics.farTargets()) + ", but got " + targetFar
                + " (use roc().tarAtFar(target) for others)");
    }

    /**
     * The results as an ordered map of plain values (Integer, Double, String, List&lt;Double&gt;), ready for a
     * JSON writer: {@code pairs, same_pairs, different_pairs, roc_auc, eer, tar_at_far_0.1, tar_at_far_0.01,
     * tar_at_far_0.001, best_accuracy, best_threshold, kfold_k, kfold_accuracy_mean, kfold_accuracy_std}
     * (sample), {@code kfold_accuracy_std_population, kfold_accuracy_standard_error, kfold_accuracies,
     * kfold_thresholds}. Thresholds can be ±Infinity in degenerate cases (accept nothing / everything).
     * The ROC curve itself is not included; take it from {@link #roc()}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairs", pairs());
        m.put("same_pairs", samePairs());
        m.put("different_pairs", differentPairs());
        m.put("roc_auc", rocAuc);
        m.put("eer", equalErrorRate);
        for (TarAtFar t : tarAtFar) {
            m.put("tar_at_far_" + plain(t.targetFar()), t.tar());
        }
        m.put("best_accuracy", bestAccuracy.accuracy());
        m.put("best_threshold", bestAccuracy.threshold());
        m.put("kfold_k", kFold.k());
        m.put("kfold_accuracy_mean", kFold.mean());
        m.put("kfold_accuracy_std", kFold.std());
        m.put("kfold_accuracy_std_population", kFold.populationStd());
        m.put("kfold_accuracy_standard_error", kFold.standardError());
        m.put("kfold_accuracies", list(kFold.foldAccuracies()));
        m.put("kfold_thresholds", list(kFold.foldThresholds()));
        return Collections.unmodifiableMap(m);
    }

    /** 1e-3 → "0.001", never "1.0E-3". */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static List<Double> list(double[] values) {
        List<Double> l = new ArrayList<>(values.length);
        for (double v : values) {
            l.add(v);
        }
        return Collections.unmodifiableList(l);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "pairs %d (%d same, %d different), ROC AUC %.4f, EER %.4f",
                pairs(), samePairs(), differentPairs(), rocAuc, equalErrorRate));
        for (TarAtFar t : tarAtFar) {
            sb.append(String.format(Locale.ROOT, ", TAR@FAR=%s %.4f", plain(t.targetFar()), t.tar()));
        }
        sb.append(String.format(Locale.ROOT, ", best accuracy %.4f, %d-fold accuracy %.4f ± %.4f",
                bestAccuracy.accuracy(), kFold.k(), kFold.mean(), kFold.std()));
        return sb.toString();
    }
}
