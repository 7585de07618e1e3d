package io.github.dl4jlosses.examples.report;

import io.github.dl4jlosses.eval.RetrievalMetrics;
import io.github.dl4jlosses.eval.VerificationMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each plot is written, has the intended size and panels, and the PCA behind the scatter is a real PCA. */
class PlotsTest {
    @TempDir
    Path tmp;

    /** Five classes of 40 points around separated centres in 6-D. */
    private static final int CLASSES = 5, PER_CLASS = 40;

    private static int[] labels() {
        int[] y = new int[CLASSES * PER_CLASS];
        for (int i = 0; i < y.length; i++) y[i] = i / PER_CLASS;
        return y;
    }

    private static INDArray clusters(long seed) {
        Random r = new Random(seed);
        double[][] x = new double[CLASSES * PER_CLASS][6];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 6; j++) x[i][j] = (j == i / PER_CLASS ? 3 : 0) + 0.3 * r.nextGaussian();
        }
        return Nd4j.createFromArray(x);
    }

    private static BufferedImage png(Path file) throws IOException {
        assertTrue(Files.size(file) > 5_000, file + " has content: " + Files.size(file) + " bytes");
        return ImageIO.read(file.toFile());
    }

    /** Distinct saturated colours in the image (grey, white and black left out). */
    private static int saturatedColours(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) colours.add(rgb >> 4 & 0x0f0f0f);
            }
        }
        return colours.size();
    }

    @Test
    void pcaFindsTheDirectionOfMostVariance() {
        Random r = new Random(1);
        double[][] x = new double[500][5];
        for (double[] row : x) {
            double t = 10 * r.nextGaussian(), u = 3 * r.nextGaussian();
            row[0] = t;
            row[1] = t;            // PC 1 along (1,1,0,0,0)/√2: variance 200
            row[2] = u;            // PC 2 along (0,0,1,0,0): variance 9
            row[3] = 0.1 * r.nextGaussian();
            row[4] = 0.1 * r.nextGaussian();
        }
        INDArray rows = Nd4j.createFromArray(x);
        double[][] xy = Plots.pca2(rows);
        double[] explained = Plots.explainedVariance(rows, xy);
        assertEquals(200.0 / 209.02, explained[0], 0.02, "PC 1's share of the variance");
        assertEquals(9.0 / 209.02, explained[1], 0.01, "PC 2's share of the variance");
    }

    @Test
    void scatterHasOnePanelPerRepresentationAndAColourPerClass() throws IOException {
        Path file = tmp.resolve("pca.png");
        Map<Integer, String> names = Map.of(0, "a", 1, "b", 2, "c", 3, "d", 4, "e");
        Plots.pcaScatter(List.of(new Plots.Points("learned", clusters(1)), new Plots.Points("raw pixels", clusters(2))),
                labels(), names, file);
        BufferedImage img = png(file);
        assertEquals(1200, img.getWidth(), "two 600-px panels side by side");
        assertEquals(600, img.getHeight());
        assertTrue(saturatedColours(img) >= CLASSES, "a colour per class: " + saturatedColours(img));
    }

    @Test
    void pairHistogramsAndRocAndLossCurveAreWritten() throws IOException {
        int[] y = labels();
        Random r = new Random(3);
        int pairs = 200;
        double[] scores = new double[pairs];
        boolean[] same = new boolean[pairs];
        int[] fold = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            same[i] = i % 2 == 0;
            scores[i] = (same[i] ? 0.7 : 0.3) + 0.15 * r.nextGaussian();
            fold[i] = (i / 2) % 4;
        }
        INDArray rows = clusters(4).castTo(DataType.FLOAT);
        EmbeddingScores ours = new EmbeddingScores("learned", VerificationMetrics.evaluate(scores, same, fold),
                RetrievalMetrics.cosine().evaluate(rows, y), scores, same, EmbeddingScores.COSINE);
        EmbeddingScores pixels = new EmbeddingScores("raw pixels", VerificationMetrics.evaluate(scores, same, fold),
                RetrievalMetrics.cosine().evaluate(rows, y), scores, same, EmbeddingScores.COSINE);

        Path hist = tmp.resolve("distances.png");
        Plots.pairDistanceHistograms(List.of(ours, pixels), hist);
        BufferedImage h = png(hist);
        assertEquals(1240, h.getWidth(), "two 620-px panels");
        assertEquals(480, h.getHeight());

        Path roc = tmp.resolve("roc.png");
        Plots.roc(List.of(new Plots.Roc("learned", ours.verification.roc().falsePositiveRates(),
                ours.verification.roc().truePositiveRates())), "ROC", roc);
        assertEquals(620, png(roc).getWidth());

        Path loss = tmp.resolve("loss.png");
        double[] losses = new double[500];
        for (int i = 0; i < losses.length; i++) losses[i] = 1.0 / (1 + i) + 0.05 * r.nextDouble();
        Plots.lossCurve(losses, "training loss", loss);
        assertEquals(720, png(loss).getWidth());
    }
}
