package io.github.dl4jlosses.examples.report;

import io.github.dl4jlosses.ops.HostValues;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trainer's PNG plots, drawn with XChart: readable fonts, short tick labels (a decimal pattern and a tick
 * spacing hint on every axis), legends inside the plot where they cover little, and one colour per class.
 */
public final class Plots {
    /** Tableau's ten categorical colours (matplotlib's default cycle): distinct and colour-blind tolerable. */
    static final Color[] CLASS_COLOURS = {
            new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
            new Color(188, 189, 34), new Color(23, 190, 207)};
    private static final Color SAME = new Color(44, 160, 44), DIFFERENT = new Color(214, 39, 40);
    /** Points per class drawn in a scatter: more only hide each other. */
    static final int SCATTER_POINTS_PER_CLASS = 300;

    private Plots() {
    }

    /** One ROC curve: false-positive rates and true-positive rates of equal length. */
    public static final class Roc {
        final String name;
        final double[] fpr;
        final double[] tpr;

        public Roc(String name, double[] fpr, double[] tpr) {
            this.name = name;
            this.fpr = fpr;
            this.tpr = tpr;
        }
    }

    /** A chart with this project's fonts, white background and a tick label format on both axes. */
    static XYChart chart(int width, int height, String title, String xTitle, String yTitle, String xPattern,
                         String yPattern) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler st = chart.getStyler();
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setChartBackgroundColor(Color.WHITE);
        st.setChartTitleBoxVisible(false);
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setLegendBorderColor(new Color(200, 200, 200));
        st.setXAxisDecimalPattern(xPattern);
        st.setYAxisDecimalPattern(yPattern);
        st.setXAxisTickMarkSpacingHint(70);
        st.setYAxisTickMarkSpacingHint(45);
        st.setMarkerSize(0);
        return chart;
    }

    /** ROC curves on one chart (e.g. the learned embedding against the raw-pixel baseline). */
    public static void roc(List<Roc> curves, String title, Path png) throws IOException {
        XYChart chart = chart(620, 600, title, "false positive rate (different pairs accepted)",
                "true positive rate (same pairs accepted)", "0.0", "0.0");
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setSeriesColors(new Color[]{CLASS_COLOURS[0], CLASS_COLOURS[1], CLASS_COLOURS[2]});
        for (Roc c : curves) {
            chart.addSeries(c.name, c.fpr, c.tpr).setMarker(SeriesMarkers.NONE);
        }
        XYSeries chance = chart.addSeries("chance", new double[]{0, 1}, new double[]{0, 1});
        chance.setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY).setLineStyle(SeriesLines.DASH_DASH);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Training loss per iteration, with a moving average once there are enough iterations to smooth. */
    public static void lossCurve(double[] losses, String title, Path png) throws IOException {
        XYChart chart = chart(720, 440, title, "iteration (batch)", "loss", "#,##0", "0.0##");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisTickMarkSpacingHint(90);
        double[] x = new double[losses.length];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        XYSeries raw = chart.addSeries("loss per batch", x, losses);
        raw.setMarker(SeriesMarkers.NONE).setLineColor(new Color(31, 119, 180, 110));
        int window = Math.max(5, losses.length / 20);
        if (losses.length >= 2 * window) {
            chart.addSeries("moving average (" + window + " batches)", x, movingAverage(losses, window))
                    .setMarker(SeriesMarkers.NONE).setLineColor(new Color(255, 127, 14));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The verification picture: for each representation, the distribution of its pair scores for same-class and
     * different-class pairs, with its decision threshold (the best-accuracy one). Cosine scores are drawn as
     * cosine distances (1 − cos, so "same" is left of the line); other scores (the Koch head's probability) as
     * they are. Side by side, one panel per representation.
     */
    public static void pairDistanceHistograms(List<EmbeddingScores> representations, Path png) throws IOException {
        List<XYChart> panels = new ArrayList<>();
        for (EmbeddingScores s : representations) panels.add(pairHistogram(s, 40));
        BitmapEncoder.saveBitmap(panels, 1, panels.size(), png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static XYChart pairHistogram(EmbeddingScores s, int bins) {
        boolean cosine = EmbeddingScores.COSINE.equals(s.scoreName);
        double[] v = new double[s.pairScores.length];
        for (int i = 0; i < v.length; i++) v[i] = cosine ? 1 - s.pairScores[i] : s.pairScores[i];
        double t = s.verification.bestAccuracy().threshold();
        double threshold = cosine ? 1 - t : t;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        if (!(hi > lo)) hi = lo + 1e-6;
        double width = (hi - lo) / bins;
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) edges[b] = lo + b * width;
        double[] same = new double[bins + 1], different = new double[bins + 1];
        int nSame = 0, nDifferent = 0;
        for (int i = 0; i < v.length; i++) {
            int b = Math.min(bins - 1, (int) ((v[i] - lo) / width));
            if (s.same[i]) {
                same[b]++;
                nSame++;
            } else {
                different[b]++;
                nDifferent++;
            }
        }
        double top = 0;
        for (int b = 0; b < bins; b++) {
            same[b] /= Math.max(1, nSame);
            different[b] /= Math.max(1, nDifferent);
            top = Math.max(top, Math.max(same[b], different[b]));
        }
        same[bins] = same[bins - 1];          // the step plot's last step spans the last bin
        different[bins] = different[bins - 1];
        String xTitle = cosine ? "cosine distance of the pair (1 − cos)" : s.scoreName + " of the pair";
        XYChart chart = chart(620, 480, s.name, xTitle, "share of pairs of that kind", "0.0#", "0.0#");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(top * 1.45);          // headroom: the legend sits above the bars
        XYSeries sameSeries = chart.addSeries(String.format("same class (%d)", nSame), edges, same);
        sameSeries.setMarker(SeriesMarkers.NONE).setLineColor(SAME);
        sameSeries.setFillColor(new Color(SAME.getRed(), SAME.getGreen(), SAME.getBlue(), 90));
        XYSeries differentSeries = chart.addSeries(String.format("different classes (%d)", nDifferent), edges,
                different);
        differentSeries.setMarker(SeriesMarkers.NONE).setLineColor(DIFFERENT);
        differentSeries.setFillColor(new Color(DIFFERENT.getRed(), DIFFERENT.getGreen(), DIFFERENT.getBlue(), 90));
        if (Double.isFinite(threshold)) {
            String rule = cosine ? "same if ≤ " : "same if ≥ ";
            XYSeries line = chart.addSeries(String.format("threshold: %s%.3f (acc. %.1f%%)", rule, threshold,
                    100 * s.verification.bestAccuracy().accuracy()), new double[]{threshold, threshold}, new double[]{0, top * 1.05});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE).setLineColor(Color.BLACK).setLineStyle(SeriesLines.DASH_DASH);
        }
        return chart;
    }

    /** One set of rows to project: the learned embeddings, or the raw pixels. */
    public static final class Points {
        final String name;
        final INDArray rows;

        public Points(String name, INDArray rows) {
            this.name = name;
            this.rows = rows;
        }
    }

    /**
     * 2-D PCA projection of each set of rows {@code [N,D]}, side by side, one colour per class with a legend; at
     * most {@link #SCATTER_POINTS_PER_CLASS} points of a class (evenly spaced through the test set) are drawn.
     */
    public static void pcaScatter(List<Points> sets, int[] labels, Map<Integer, String> classNames, Path png)
            throws IOException {
        List<XYChart> panels = new ArrayList<>();
        for (Points p : sets) panels.add(pcaPanel(p, labels, classNames));
        BitmapEncoder.saveBitmap(panels, 1, panels.size(), png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static XYChart pcaPanel(Points p, int[] labels, Map<Integer, String> classNames) {
        double[][] xy = pca2(p.rows);
        double[] explained = explainedVariance(p.rows, xy);
        XYChart chart = chart(600, 600, p.name + ", PCA to 2-D",
                String.format("PC 1 (%.0f%% of variance)", 100 * explained[0]),
                String.format("PC 2 (%.0f%% of variance)", 100 * explained[1]), "0.0#", "0.0#");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        int c = 0;
        for (Map.Entry<Integer, List<Integer>> e : byClass.entrySet()) {
            List<Integer> rows = e.getValue();
            int step = Math.max(1, (rows.size() + SCATTER_POINTS_PER_CLASS - 1) / SCATTER_POINTS_PER_CLASS);
            List<Integer> shown = new ArrayList<>();
            for (int i = 0; i < rows.size(); i += step) shown.add(rows.get(i));
            double[] xs = shown.stream().mapToDouble(i -> xy[i][0]).toArray();
            double[] ys = shown.stream().mapToDouble(i -> xy[i][1]).toArray();
            Color colour = CLASS_COLOURS[c++ % CLASS_COLOURS.length];
            chart.addSeries(classNames.getOrDefault(e.getKey(), "class " + e.getKey()), xs, ys)
                    .setMarker(SeriesMarkers.CIRCLE)
                    .setMarkerColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 160));
        }
        return chart;
    }

    /**
     * The rows projected on their first two principal components: the centred rows times the two leading
     * eigenvectors of their covariance (LAPACK's symmetric eigensolver through ND4J). ND4J's
     * {@code PCA.pca(x, 2, false)} is not used: in 1.0.0-M2.1 it returned coordinates that held a few percent of
     * the variance (the earlier pca.png was a shapeless blob because of it).
     */
    static double[][] pca2(INDArray embeddings) {
        INDArray x = embeddings.castTo(DataType.DOUBLE).dup();
        if (x.columns() == 1) {
            double[][] out = new double[x.rows()][2];
            for (int i = 0; i < out.length; i++) out[i][0] = x.getDouble(i, 0);
            return out;
        }
        x.subiRowVector(x.mean(0));
        INDArray vectors = x.transpose().mmul(x).divi(x.rows());
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(vectors, true);   // ascending; vectors in columns
        long d = values.length();
        INDArray top2 = Nd4j.hstack(vectors.getColumn(d - 1).reshape(d, 1), vectors.getColumn(d - 2).reshape(d, 1));
        return HostValues.doubleRows(x.mmul(top2));
    }

    /** Share of the rows' total variance along each of the two projected axes. */
    static double[] explainedVariance(INDArray rows, double[][] xy) {
        INDArray x = rows.castTo(DataType.DOUBLE);
        double total = x.var(false, 0).sumNumber().doubleValue();
        double[] out = new double[2];
        for (int k = 0; k < 2; k++) {
            double mean = 0, sq = 0;
            for (double[] r : xy) mean += r[k];
            mean /= xy.length;
            for (double[] r : xy) sq += (r[k] - mean) * (r[k] - mean);
            out[k] = total > 0 ? sq / xy.length / total : 0;
        }
        return out;
    }

    static double[] movingAverage(double[] v, int window) {
        double[] out = new double[v.length];
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (i >= window) sum -= v[i - window];
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }
}
