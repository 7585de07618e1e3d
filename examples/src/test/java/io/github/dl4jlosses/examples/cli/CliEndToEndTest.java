package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.data.FashionMnist;
import io.github.dl4jlosses.examples.data.LabelledImages;
import io.github.dl4jlosses.graph.GraphNames;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** Every loss but the heads (which {@link #headsTrainOnTheTrainingClassesAndSaveOnlyTheTower} runs). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = LossChoice.class, names = {"ARCFACE", "COSFACE", "SUBCENTER_ARCFACE", "PROXY_ANCHOR"},
            mode = EnumSource.Mode.EXCLUDE)
    void everyLossTrainsAndWritesEveryOutput(LossChoice loss) throws IOException {
        Path out = tmp.resolve(loss.cliName);
        CliRun run = CliRun.of(quickTrain(loss, out, "mlp"));
        assertEquals(0, run.exitCode, run.err);
        assertWritesEveryOutput(loss, out, run);
    }

    /** The outputs and metrics every training run has; returns metrics.json. */
    private static JsonNode assertWritesEveryOutput(LossChoice loss, Path out, CliRun run) throws IOException {
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
        // batch size, batches per epoch, an ETA once a few batches ran, and each epoch's time are printed
        JsonNode settings = m.get("settings");
        int perEpoch = settings.get("batches_per_epoch").asInt();
        long images = settings.get("images_per_batch").asLong();
        assertTrue(run.out.contains("batch: ") && run.out.contains("; " + perEpoch + " batches per epoch"), run.out);
        assertTrue(perEpoch > 4 && run.out.contains("ETA: about "), "ETA after 4 of " + perEpoch + " batches:\n" + run.out);
        assertTrue(run.out.matches("(?s).*epoch 1: " + perEpoch + " batches, [0-9,]+ images in [0-9.]+ s \\([0-9.]+ img/s\\).*"),
                run.out);
        assertEquals(perEpoch, m.get("training").get("iterations").asInt(), "one epoch");
        if (loss.batches == LossChoice.Batches.PAIRS || loss.batches == LossChoice.Batches.TRIPLETS) {
            assertEquals((loss.batches == LossChoice.Batches.PAIRS ? 2 : 3) * 4 * 4, images, "P·K tuples");
        } else {
            // pair batches stack K/2 = 2 groups of P = 4 distinct-class pairs: as many images as a P×K batch
            assertEquals(4 * 4, images, "P×K images a batch for --loss " + loss);
        }
        return m;
    }

    /**
     * Each head trains on the training classes' ids with its options from the command line, records them in
     * metrics.json, is scored on the unseen classes like every loss, and is left out of model.zip: the saved model is
     * the tower alone, which evaluate and verify use as they use any other model.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = LossChoice.class, names = {"ARCFACE", "COSFACE", "SUBCENTER_ARCFACE", "PROXY_ANCHOR"})
    void headsTrainOnTheTrainingClassesAndSaveOnlyTheTower(LossChoice loss) throws Exception {
        Path out = tmp.resolve(loss.cliName);
        String[] options;
        switch (loss) {
            case ARCFACE: options = new String[]{"--scale", "30", "--margin", "0.3"}; break;
            case COSFACE: options = new String[]{"--scale", "20", "--margin", "0.2"}; break;
            case SUBCENTER_ARCFACE: options = new String[]{"--sub-centers", "2", "--margin", "0.4"}; break;
            default: options = new String[]{"--alpha", "16", "--delta", "0.2", "--head-lr", "0.01"};
        }
        String[] base = quickTrain(loss, out, "mlp");
        String[] args = java.util.Arrays.copyOf(base, base.length + options.length);
        System.arraycopy(options, 0, args, base.length, options.length);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode, run.err);
        JsonNode m = assertWritesEveryOutput(loss, out, run);

        JsonNode head = m.get("settings").get("head");
        assertEquals(5, head.get("classes").asInt(), "one class weight per training class (0-4)");
        int k = 1;
        switch (loss) {
            case ARCFACE:
                assertEquals("ArcFace", head.get("type").asText());
                assertEquals(30, head.get("scale").asDouble(), 0);
                assertEquals(0.3, head.get("margin").asDouble(), 0);
                assertEquals(3e-5, head.get("learning_rate").asDouble(), 1e-15, "the network's --lr");
                break;
            case COSFACE:
                assertEquals("CosFace", head.get("type").asText());
                assertEquals(20, head.get("scale").asDouble(), 0);
                assertEquals(0.2, head.get("margin").asDouble(), 0);
                break;
            case SUBCENTER_ARCFACE:
                k = 2;
                assertEquals("SubCenterArcFace", head.get("type").asText());
                assertEquals(2, head.get("sub_centers").asInt());
                assertEquals(64, head.get("scale").asDouble(), 0, "the paper's default where no option was given");
                assertEquals(0.4, head.get("margin").asDouble(), 0);
                break;
            default:
                assertEquals("ProxyAnchor", head.get("type").asText());
                assertEquals(16, head.get("alpha").asDouble(), 0);
                assertEquals(0.2, head.get("delta").asDouble(), 0);
                assertEquals(0.01, head.get("learning_rate").asDouble(), 0);
        }
        assertTrue(m.get("settings").get("loss_function").asText().startsWith(head.get("type").asText() + "("),
                m.get("settings").get("loss_function").asText());
        for (JsonNode l : m.get("training").get("loss_per_iteration")) assertTrue(Double.isFinite(l.asDouble()), "finite loss " + l);
        for (String metric : new String[]{"recall_at_1", "map_at_r"}) {
            double v = m.get("learned").get("retrieval").get(metric).asDouble(Double.NaN);
            assertTrue(v >= 0 && v <= 1, metric + " " + v);
        }

        // model.zip: the tower (16-d embedding), without the head's 16 × 5 × K class weights
        Path model = out.resolve("model.zip");
        ComputationGraph saved = ModelSerializer.restoreComputationGraph(model.toFile(), false);
        assertFalse(saved.getConfiguration().getVertices().containsKey(GraphNames.HEAD), "no head vertex");
        assertTrue(saved.paramTable().keySet().stream().allMatch(p -> p.startsWith("tower_")), saved.paramTable().keySet().toString());
        long all = m.get("settings").get("parameters").asLong();
        assertEquals(all - 16L * 5 * k, saved.numParams(), "every trained parameter but the class weights");
        assertEquals(saved.numParams(), m.get("settings").get("saved_parameters").asLong());
        assertEquals(16, saved.outputSingle(false, org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 784)).columns());

        // evaluate scores the saved tower exactly as train scored the trained graph; verify uses it too
        Path evalOut = tmp.resolve(loss.cliName + "-eval");
        CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--test-per-class", "40", "--folds", "3",
                "--pairs-per-fold", "20", "-o", evalOut.toString());
        assertEquals(0, eval.exitCode, eval.err);
        for (String section : new String[]{"verification", "retrieval"}) {
            assertEquals(m.get("learned").get(section).toString(), json(evalOut.resolve("metrics.json")).get("learned").get(section).toString(),
                    section + ": same tower, same data, same numbers");
        }
        LabelledImages test = FashionMnist.bundled().onlyClasses(8);
        Path a = png(test.pixels(0), loss.cliName + "-a.png"), b = png(test.pixels(1), loss.cliName + "-b.png");
        CliRun verify = CliRun.of("verify", a.toString(), b.toString(), "--model", model.toString());
        assertEquals(0, verify.exitCode, verify.err);
        assertTrue(verify.out.matches("(?s).*cosine similarity: -?[0-9.]+ \\(threshold -?[0-9.]+\\) -> (SAME|DIFFERENT).*"), verify.out);
        assertEquals(1.0, score(CliRun.of("verify", a.toString(), a.toString(), "--model", model.toString()).out), 1e-4);
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
                "--[no-]flip", "--[no-]batch-norm", "--dropout", "--weight-decay", "arcface", "cosface", "subcenter-arcface",
                "proxy-anchor", "--scale", "--margin", "--sub-centers", "--alpha", "--delta", "--head-lr"}) {
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
