package io.github.dl4jlosses.examples.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dimensionalityreduction.PCA;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The trainer's PNG plots, drawn with XChart. */
public final class Plots {
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

    /** ROC curves on one chart (e.g. the learned embedding against the raw-pixel baseline). */
    public static void roc(List<Roc> curves, String title, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(640).height(560).title(title)
                .xAxisTitle("false positive rate").yAxisTitle("true positive rate").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setMarkerSize(0);
        for (Roc c : curves) {
            chart.addSeries(c.name, c.fpr, c.tpr).setMarker(SeriesMarkers.NONE);
        }
        chart.addSeries("chance", new double[]{0, 1}, new double[]{0, 1}).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Training loss per iteration (and optionally a smoothed line). */
    public static void lossCurve(double[] losses, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(640).height(420).title("training loss")
                .xAxisTitle("iteration").yAxisTitle("loss").build();
        chart.getStyler().setMarkerSize(0);
        double[] x = new double[losses.length];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        chart.addSeries("loss", x, losses).setMarker(SeriesMarkers.NONE);
        if (losses.length >= 20) {
            chart.addSeries("moving average (20)", x, movingAverage(losses, 20)).setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** 2-D PCA projection of embeddings {@code [N,D]}, one colour per class. */
    public static void pcaScatter(INDArray embeddings, int[] labels, Map<Integer, String> classNames, String title,
                                  Path png) throws IOException {
        double[][] xy = pca2(embeddings);
        XYChart chart = new XYChartBuilder().width(640).height(560).title(title)
                .xAxisTitle("PC 1").yAxisTitle("PC 2").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        for (Map.Entry<Integer, List<Integer>> e : byClass.entrySet()) {
            double[] xs = e.getValue().stream().mapToDouble(i -> xy[i][0]).toArray();
            double[] ys = e.getValue().stream().mapToDouble(i -> xy[i][1]).toArray();
            chart.addSeries(classNames.getOrDefault(e.getKey(), "class " + e.getKey()), xs, ys);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The first two principal components of the rows (ND4J's PCA on centred data). */
    static double[][] pca2(INDArray embeddings) {
        INDArray x = embeddings.castTo(DataType.DOUBLE).dup();
        if (x.columns() == 1) {
            double[][] out = new double[x.rows()][2];
            for (int i = 0; i < out.length; i++) out[i][0] = x.getDouble(i, 0);
            return out;
        }
        x.subiRowVector(x.mean(0));
        return PCA.pca(x, 2, false).toDoubleMatrix();
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
