package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.data.FashionMnist;
import io.github.dl4jlosses.examples.data.LabelledImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short real runs of the trainer on a small subset of the bundled data: every output is written and sane. */
class CliEndToEndTest {
    @TempDir
    Path tmp;

    private static String[] quickTrain(LossChoice loss, Path out, String tower) {
        return new String[]{"train", "--loss", loss.cliName, "--tower", tower, "--epochs", "1",
                "--train-per-class", "48", "--test-per-class", "40", "--folds", "3", "--pairs-per-fold", "20",
                "-P", "4", "-K", "4", "--embedding", "16", "-o", out.toString()};
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LossChoice.class)
    void everyLossTrainsAndWritesEveryOutput(LossChoice loss) throws IOException {
        Path out = tmp.resolve(loss.cliName);
        CliRun run = CliRun.of(quickTrain(loss, out, "mlp"));
        assertEquals(0, run.exitCode, run.err);
        for (String f : new String[]{"model.zip", "metrics.json", "roc.png", "pca.png", "distances.png", "loss.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 100, f + " written");
        }
        JsonNode m = json(out.resolve("metrics.json"));
        assertEquals(loss.cliName, m.get("settings").get("loss").asText());
        assertTrue(CliRun.of("--version").out.startsWith("dl4j-losses " + m.get("dl4j_losses_version").asText() + " "),
                "--version and metrics.json name the same version");
        double auc = m.get("learned").get("verification").get("roc_auc").asDouble();
        assertTrue(auc >= 0 && auc <= 1, "AUC " + auc);
        assertEquals(120, m.get("learned").get("verification").get("pairs").asInt(), "3 folds × (20 + 20)");
        assertEquals(200, m.get("pixel_baseline").get("retrieval").get("items").asInt(), "5 unseen classes × 40");
        assertTrue(m.get("training").get("iterations").asInt() > 0);
        assertTrue(run.out.contains("ROC AUC") && run.out.contains("Recall@1") && run.out.contains("raw pixels"), run.out);
        BufferedImage roc = ImageIO.read(out.resolve("roc.png").toFile());
        assertTrue(roc.getWidth() > 100 && roc.getHeight() > 100);
    }

    @Test
    void cnnTowerThenEvaluateThenVerify() throws IOException {
        Path out = tmp.resolve("cnn");
        assertEquals(0, CliRun.of(quickTrain(LossChoice.CONTRASTIVE, out, "cnn")).exitCode);
        Path model = out.resolve("model.zip");

        Path evalOut = tmp.resolve("eval");
        CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--test-per-class", "40", "--folds", "3",
                "--pairs-per-fold", "20", "-o", evalOut.toString());
        assertEquals(0, eval.exitCode, eval.err);
        // same model, same seed, same pairs: the same AUC as the train run's own evaluation
        assertEquals(json(out.resolve("metrics.json")).get("learned").get("verification").get("roc_auc").asDouble(),
                json(evalOut.resolve("metrics.json")).get("learned").get("verification").get("roc_auc").asDouble(), 1e-9);

        LabelledImages test = FashionMnist.bundled().onlyClasses(7);
        Path a = png(test.pixels(0), "a.png"), b = png(test.pixels(1), "b.png");
        CliRun verify = CliRun.of("verify", a.toString(), b.toString(), "--model", model.toString());
        assertEquals(0, verify.exitCode, verify.err);
        assertTrue(verify.out.matches("(?s).*cosine similarity: -?[0-9.]+ \\(threshold -?[0-9.]+\\) -> (SAME|DIFFERENT).*"), verify.out);
        double sameImage = score(CliRun.of("verify", a.toString(), a.toString(), "--model", model.toString(), "--threshold", "0.99").out);
        assertEquals(1.0, sameImage, 1e-4, "an image compared with itself has cosine similarity 1");
    }

    @Test
    void towerAndAugmentationOptionsReachTheRun() throws IOException {
        Path out = tmp.resolve("options");
        String[] base = quickTrain(LossChoice.MULTI_SIMILARITY, out, "cnn");
        String[] args = java.util.Arrays.copyOf(base, base.length + 9);
        System.arraycopy(new String[]{"--hidden", "32", "--shift", "1", "--flip", "--batch-norm", "--dropout", "0.2",
                "--weight-decay=1e-4"}, 0, args, base.length, 9);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode, run.err);
        JsonNode settings = json(out.resolve("metrics.json")).get("settings");
        assertEquals(32, settings.get("hidden").asInt());
        assertEquals(1, settings.get("shift").asInt());
        assertTrue(settings.get("flip").asBoolean() && settings.get("batch_norm").asBoolean());
        assertEquals(1e-4, settings.get("weight_decay").asDouble(), 1e-12);
        assertEquals(2, CliRun.of("train", "--shift", "x").exitCode, "a non-number is a usage error");
        assertEquals(1, CliRun.of("train", "--dropout", "1").exitCode, "dropout 1 would drop every unit");
    }

    private static double score(String out) {
        String s = out.substring(out.indexOf("similarity: ") + "similarity: ".length());
        return Double.parseDouble(s.substring(0, s.indexOf(' ')));
    }

    private Path png(float[] pixels, String name) throws IOException {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) {
            int v = Math.round(pixels[y * 28 + x] * 255);
            img.getRaster().setSample(x, y, 0, v);
        }
        Path p = tmp.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void helpListsSubcommandsAndOptions() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode);
        for (String s : new String[]{"train", "evaluate", "verify"}) assertTrue(help.out.contains(s), help.out);
        CliRun trainHelp = CliRun.of("train", "--help");
        for (String s : new String[]{"--loss", "--tower", "--epochs", "--classes-per-batch", "--per-class", "--embedding",
                "--lr", "--seed", "--out", "--lfw", "--pairs", "--fashion-mnist", "multi-similarity", "--hidden", "--shift",
                "--[no-]flip", "--[no-]batch-norm", "--dropout", "--weight-decay"}) {
            assertTrue(trainHelp.out.contains(s), s + " in\n" + trainHelp.out);
        }
    }

    @Test
    void badInputIsAClearErrorBeforeTraining() throws IOException {
        CliRun missing = CliRun.of("train", "--lfw", tmp.resolve("no-such-dir").toString(), "--pairs", tmp.resolve("p.txt").toString());
        assertEquals(1, missing.exitCode);
        assertTrue(missing.err.contains("no-such-dir"), missing.err);
        assertTrue(!missing.out.contains("epoch"), "stopped before training");

        Path lfw = Files.createDirectories(tmp.resolve("lfw/Ada"));
        Path pairs = Files.writeString(tmp.resolve("pairs.txt"), "1\t1\nAda\t1\n");
        CliRun malformed = CliRun.of("train", "--lfw", tmp.resolve("lfw").toString(), "--pairs", pairs.toString());
        assertEquals(1, malformed.exitCode);
        assertTrue(malformed.err.contains("pairs.txt:2"), malformed.err);

        assertEquals(2, CliRun.of("train", "--loss", "hinge").exitCode, "unknown loss is a usage error");
        CliRun bothSources = CliRun.of("train", "--lfw", lfw.toString(), "--fashion-mnist", lfw.toString());
        assertEquals(1, bothSources.exitCode);
        assertTrue(bothSources.err.contains("either --lfw or --fashion-mnist"), bothSources.err);
        CliRun noModel = CliRun.of("verify", "a.png", "b.png", "--model", tmp.resolve("none.zip").toString());
        assertEquals(1, noModel.exitCode);
        assertTrue(noModel.err.contains("none.zip"), noModel.err);
    }
}
