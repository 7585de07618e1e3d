package io.github.dl4jlosses.examples.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes what every run leaves behind: the metrics table (stdout), metrics.json and the PNG plots. */
public final class RunOutputs {
    private static final String METRICS = "metrics.json", ROC = "roc.png", PCA = "pca.png", LOSS = "loss.png",
            DISTANCES = "distances.png";
    /** The files {@link #write} may create in its folder (loss.png only for a training run). */
    public static final List<String> FILES = List.of(METRICS, ROC, PCA, DISTANCES, LOSS);

    private RunOutputs() {
    }

    public static void write(Path outDir, Map<String, Object> settings, double[] losses, EmbeddingScores ours,
                             EmbeddingScores pixels, org.nd4j.linalg.api.ndarray.INDArray embeddings,
                             org.nd4j.linalg.api.ndarray.INDArray pixelRows, int[] labels,
                             Map<Integer, String> classNames, PrintStream out) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dl4j_losses_version", io.github.dl4jlosses.examples.Version.get());
        doc.put("settings", settings);
        if (losses != null && losses.length > 0) {
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("iterations", losses.length);
            training.put("first_loss", losses.length > 0 ? losses[0] : null);
            training.put("last_loss", losses.length > 0 ? losses[losses.length - 1] : null);
            training.put("loss_per_iteration", losses);
            doc.put("training", training);
            Plots.lossCurve(losses, "training loss (" + settings.get("loss") + ")", outDir.resolve(LOSS));
        }
        doc.put("learned", MetricsJson.scores(ours));
        doc.put("pixel_baseline", MetricsJson.scores(pixels));
        MetricsJson.write(outDir.resolve(METRICS), doc);

        Plots.roc(Arrays.asList(
                new Plots.Roc(ours.name + String.format(" AUC %.3f", ours.verification.rocAuc()),
                        ours.verification.roc().falsePositiveRates(), ours.verification.roc().truePositiveRates()),
                new Plots.Roc(pixels.name + String.format(" AUC %.3f", pixels.verification.rocAuc()),
                        pixels.verification.roc().falsePositiveRates(), pixels.verification.roc().truePositiveRates())),
                "verification ROC on unseen classes", outDir.resolve(ROC));
        Plots.pcaScatter(List.of(new Plots.Points(ours.name, embeddings), new Plots.Points("raw pixels", pixelRows)),
                labels, classNames, outDir.resolve(PCA));
        Plots.pairDistanceHistograms(List.of(ours, pixels), outDir.resolve(DISTANCES));

        out.println();
        out.print(MetricsTable.format(List.of(ours, pixels)));
        out.println();
        out.println("wrote " + outDir.resolve(METRICS) + ", " + ROC + ", " + DISTANCES + ", " + PCA
                + (losses != null && losses.length > 0 ? ", " + LOSS : ""));
    }
}
