package io.github.dl4jlosses.examples.report;

import io.github.dl4jlosses.eval.KFoldAccuracy;
import io.github.dl4jlosses.eval.VerificationReport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The final side-by-side table printed on stdout. */
public final class MetricsTable {
    private MetricsTable() {
    }

    private static final class Row {
        final String name;
        final Function<EmbeddingScores, String> value;

        Row(String name, Function<EmbeddingScores, String> value) {
            this.name = name;
            this.value = value;
        }
    }

    private static String pct(double v) {
        return String.format("%.2f%%", 100 * v);
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("ROC AUC", s -> String.format("%.4f", s.verification.rocAuc())));
        rows.add(new Row("EER", s -> pct(s.verification.equalErrorRate())));
        for (double far : new double[]{1e-1, 1e-2, 1e-3}) {
            rows.add(new Row("TAR @ FAR=" + far, s -> pct(s.verification.tarAtFar(far).tar())));
        }
        rows.add(new Row("best-threshold accuracy", s -> pct(s.verification.bestAccuracy().accuracy())));
        rows.add(new Row("k-fold accuracy (mean ± std)", s -> {
            KFoldAccuracy k = s.verification.kFold();
            return String.format("%.2f%% ± %.2f", 100 * k.mean(), 100 * k.std());
        }));
        for (int k : new int[]{1, 5, 10}) {
            rows.add(new Row("Recall@" + k, s -> pct(s.retrieval.recallAt(k))));
        }
        rows.add(new Row("R-precision", s -> pct(s.retrieval.rPrecision())));
        rows.add(new Row("MAP@R", s -> pct(s.retrieval.mapAtR())));
        return rows;
    }

    public static String format(List<EmbeddingScores> columns) {
        List<Row> rows = rows();
        int w0 = "metric".length();
        for (Row r : rows) w0 = Math.max(w0, r.name.length());
        int[] w = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            w[c] = columns.get(c).name.length();
            for (Row r : rows) w[c] = Math.max(w[c], r.value.apply(columns.get(c)).length());
        }
        StringBuilder sb = new StringBuilder();
        VerificationReport first = columns.get(0).verification;
        sb.append(String.format("verification: %d pairs (%d same, %d different) in %d folds; retrieval: %d images%n",
                first.pairs(), first.samePairs(), first.differentPairs(), first.kFold().k(), columns.get(0).retrieval.items()));
        sb.append(pad("metric", w0));
        for (int c = 0; c < columns.size(); c++) sb.append(" | ").append(pad(columns.get(c).name, w[c]));
        sb.append('\n').append("-".repeat(w0));
        for (int c = 0; c < columns.size(); c++) sb.append("-+-").append("-".repeat(w[c]));
        sb.append('\n');
        for (Row r : rows) {
            sb.append(pad(r.name, w0));
            for (int c = 0; c < columns.size(); c++) sb.append(" | ").append(pad(r.value.apply(columns.get(c)), w[c]));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
