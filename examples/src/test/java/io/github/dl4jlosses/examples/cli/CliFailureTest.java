package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.data.LfwTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way the trainer can fail: a non-zero exit code (1 at run time, 2 for a command line that does not
 * parse), one {@code error:} line on stderr that says what to fix, no stack trace, no usage text in front of
 * it, and, where the cause is known up front, no data loaded or epoch trained first.
 */
class CliFailureTest {
    @TempDir
    Path tmp;

    /** A quick run on a small slice of the bundled data (5 training classes of 20 images). */
    private String[] train(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--tower", "mlp", "--embedding", "8",
                "--train-per-class", "20", "--test-per-class", "10", "--folds", "2", "--pairs-per-fold", "5"));
        args.addAll(Arrays.asList(extra));
        if (!args.contains("-o")) args.addAll(List.of("-o", tmp.resolve("run").toString()));
        return args.toArray(new String[0]);
    }

    /** stderr without the log lines of SLF4J ("[main] ...") and ND4J's native banner. */
    private static List<String> errorLines(CliRun run) {
        return run.err.lines().filter(l -> l.startsWith("error:") || l.startsWith("\tat ") || l.contains("Exception")
                || l.startsWith("Usage:") || l.startsWith("Try ")).collect(Collectors.toList());
    }

    /** Exit code, the one error line (containing every part), nothing else that looks like an error or usage. */
    private static String assertFails(CliRun run, int exitCode, String... parts) {
        assertEquals(exitCode, run.exitCode, run.err);
        List<String> lines = errorLines(run);
        List<String> errors = lines.stream().filter(l -> l.startsWith("error: ")).collect(Collectors.toList());
        assertEquals(1, errors.size(), "one error line in:\n" + run.err);
        for (String part : parts) assertTrue(errors.get(0).contains(part), "'" + part + "' in: " + errors.get(0));
        assertFalse(run.err.contains("\tat ") || run.err.contains("Usage:"), "no stack trace, no usage:\n" + run.err);
        if (exitCode == 2) {
            assertEquals(errors.get(0), lines.get(0), "the error comes first:\n" + run.err);
            assertTrue(lines.get(lines.size() - 1).matches("Try 'dl4j-losses( \\w+)? --help' for the options\\."), run.err);
        }
        return errors.get(0);
    }

    private static void assertNothingLoaded(CliRun run) {
        assertFalse(run.out.contains("loading data"), "failed before reading data:\n" + run.out);
    }

    private static void assertNotTrained(CliRun run) {
        assertFalse(run.out.contains("epoch") || run.out.contains("parameters"), "failed before building the net:\n" + run.out);
    }

    @Test
    void outFolderThatIsAFileFailsBeforeLoadingData() throws IOException {
        Path file = Files.writeString(tmp.resolve("results.txt"), "keep me");
        CliRun run = CliRun.of(train("-o", file.toString()));
        assertFails(run, 1, "expected -o/--out to be a folder, got the file " + file);
        assertNothingLoaded(run);
        assertEquals("keep me", Files.readString(file), "the file is left alone");

        CliRun below = CliRun.of(train("-o", file.resolve("run").toString()));
        assertFails(below, 1, "cannot create the -o/--out folder " + file.resolve("run"), file + " is a file");
        assertNothingLoaded(below);
    }

    @Test
    void outputFileNameTakenByAFolderFailsBeforeLoadingData() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("taken/model.zip")).getParent();
        CliRun run = CliRun.of(train("-o", out.toString()));
        assertFails(run, 1, "cannot write model.zip into the -o/--out folder " + out, "is a folder");
        assertNothingLoaded(run);
    }

    @Test
    void outFolderIsCreatedBeforeLoadingData() {
        Path out = tmp.resolve("new/deeper/run");
        // -P 9 fails after the data is read: by then the folder exists
        CliRun run = CliRun.of(train("-o", out.toString(), "-P", "9"));
        assertEquals(1, run.exitCode);
        assertTrue(Files.isDirectory(out), "created before the data was read");
    }

    @Test
    void evaluateChecksItsOutFolderBeforeReadingTheModel() throws IOException {
        Path notAModel = Files.writeString(tmp.resolve("model.zip"), "not a zip");
        Path file = Files.writeString(tmp.resolve("eval.txt"), "");
        assertFails(CliRun.of("evaluate", "-m", notAModel.toString(), "-o", file.toString()), 1,
                "expected -o/--out to be a folder, got the file " + file);
        // with a usable folder the same model is the error
        assertFails(CliRun.of("evaluate", "-m", notAModel.toString(), "-o", tmp.resolve("eval").toString()), 1,
                notAModel.toString());
    }

    @Test
    void tooManyClassesPerBatchNamesPAndKAndWhatTheDataAllows() {
        CliRun run = CliRun.of(train("--loss", "batch-hard", "-P", "9", "-K", "40"));
        assertFails(run, 1, "expected -P/--classes-per-batch <= 5 for --loss batch-hard, got 9 (-K 40)",
                "the training data has 5 classes", "-K/--per-class up to 20 without repeating an image");
        assertNotTrained(run);

        CliRun pairs = CliRun.of(train("--loss", "contrastive", "-P", "6", "-K", "4"));
        assertFails(pairs, 1, "expected -P/--classes-per-batch <= 5 for --loss contrastive, got 6");

        CliRun pairBatch = CliRun.of(train("--loss", "infonce", "-P", "7"));
        assertFails(pairBatch, 1, "expected -P/--classes-per-batch <= 5 for --loss infonce, got 7",
                "5 classes with 2 or more images", "--loss infonce stacks -K/2 groups into a batch, so any -K fits");
        assertNotTrained(pairBatch);
    }

    @Test
    void pairBatchesOnLfwLeaveOutPeopleWithOneImage() throws IOException {
        Path root = tmp.resolve("lfw");
        LfwTree.write(root, "Ada_Lovelace", 3, 1);       // the three people of pairs.txt: evaluation only
        LfwTree.write(root, "Alan_Turing", 2, 2);
        LfwTree.write(root, "Grace_Hopper", 1, 3);
        LfwTree.write(root, "Train_One", 3, 4);          // training: two people with a pair, one without
        LfwTree.write(root, "Train_Two", 2, 5);
        LfwTree.write(root, "Train_Single", 1, 6);
        Path pairs = LfwTree.pairsFile(tmp, List.of("2\t1", "Ada_Lovelace\t1\t2", "Ada_Lovelace\t1\tAlan_Turing\t2",
                "Alan_Turing\t1\t2", "Grace_Hopper\t1\tAda_Lovelace\t3"));
        String[] lfw = {"train", "--lfw", root.toString(), "--pairs", pairs.toString(), "--min-images", "1",
                "--loss", "infonce", "--tower", "mlp", "--embedding", "8", "--image-size", "16"};

        CliRun tooMany = CliRun.of(concat(lfw, "-P", "3", "-o", tmp.resolve("p3").toString()));
        assertFails(tooMany, 1, "expected -P/--classes-per-batch <= 2 for --loss infonce, got 3",
                "the training data has 2 classes with 2 or more images");
        CliRun fits = CliRun.of(concat(lfw, "-P", "2", "-o", tmp.resolve("p2").toString()));
        assertEquals(0, fits.exitCode, "Train_Single cannot give a pair and is left out:\n" + fits.err);
        assertTrue(Files.exists(tmp.resolve("p2/model.zip")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void classesAndExamplesPerBatchBelowTwoFailBeforeLoadingData() {
        CliRun p = CliRun.of(train("-P", "1"));
        assertFails(p, 1, "expected -P/--classes-per-batch >= 2", "got 1");
        assertNothingLoaded(p);
        CliRun k = CliRun.of(train("--loss", "triplet", "-K", "1"));
        assertFails(k, 1, "expected -K/--per-class >= 2", "got 1");
        assertNothingLoaded(k);
    }

    @Test
    void badHeadOptionsAreTheLibrarysErrorBeforeLoadingData() {
        String[][] cases = {
                {"arcface", "--scale", "0", "ArcFace: expected scale s to be a finite number > 0, got 0.0"},
                {"cosface", "--scale", "-2", "CosFace: expected scale s to be a finite number > 0, got -2.0"},
                {"arcface", "--margin", "1.6", "ArcFace: expected margin m in [0, π/2), got 1.6"},
                {"cosface", "--margin", "-0.1", "CosFace: expected margin m in [0, π/2), got -0.1"},
                {"subcenter-arcface", "--sub-centers", "0", "SubCenterArcFace: expected sub-centres per class K >= 1, got 0"},
                {"proxy-anchor", "--alpha", "0", "ProxyAnchor: expected alpha to be a finite number > 0, got 0.0"},
                {"proxy-anchor", "--delta", "-1", "ProxyAnchor: expected delta to be a finite number >= 0, got -1.0"},
        };
        for (String[] c : cases) {
            CliRun run = CliRun.of(train("--loss", c[0], c[1], c[2]));
            assertFails(run, 1, "--loss " + c[0] + ": " + c[3]);
            assertNothingLoaded(run);
        }
        CliRun lr = CliRun.of(train("--loss", "proxy-anchor", "--head-lr", "0"));
        assertFails(lr, 1, "expected a finite --head-lr > 0, got 0.0");
        assertNothingLoaded(lr);
        CliRun notAHead = CliRun.of(train("--loss", "multi-similarity", "--margin", "0.3"));
        assertFails(notAHead, 1, "--margin is an option of --loss arcface, cosface, subcenter-arcface, not of --loss multi-similarity");
        assertNothingLoaded(notAHead);
        CliRun otherHead = CliRun.of(train("--loss", "arcface", "--alpha", "8"));
        assertFails(otherHead, 1, "--alpha is an option of --loss proxy-anchor, not of --loss arcface");
        CliRun subCentres = CliRun.of(train("--loss", "cosface", "--sub-centres", "2"));
        assertFails(subCentres, 1, "--sub-centers is an option of --loss subcenter-arcface, not of --loss cosface");
        assertFails(CliRun.of(train("--loss", "arcface", "--scale", "big")), 2, "--scale", "'big'");
    }

    @Test
    void divergedTrainingStopsAtTheFirstNonFiniteScore() {
        // Adam at lr 1e20 blows the Koch head's weights up at the first step; its (DL4J) cross-entropy turns NaN.
        Path out = tmp.resolve("diverged");
        CliRun run = CliRun.of(train("--loss", "koch", "--lr", "1e20", "-P", "4", "-K", "4", "-o", out.toString()));
        assertFails(run, 1, "training diverged at iteration 1, in epoch 1 of 1: the score is NaN; try a smaller --lr");
        assertEquals(1, CliRun.count(run.err, "WARN io.github.dl4jlosses.train.EmbeddingHealthListener - score is NaN at "
                + "iteration 1"), "the listener's warning, once:\n" + run.err);
        assertFalse(run.out.contains("trained in"), run.out);
        assertFalse(Files.exists(out.resolve("model.zip")), "no model saved from a diverged run");
    }

    @Test
    void usageErrorsComeFirstAndPointToHelp() {
        String loss = assertFails(CliRun.of("train", "--loss", "hinge"), 2, "Invalid value for option '--loss'", "'hinge'");
        assertTrue(loss.contains("multi-similarity"), "lists the choices: " + loss);
        assertFails(CliRun.of("train", "--epochs", "x"), 2, "--epochs", "'x'");
        assertFails(CliRun.of("--bogus"), 2, "Unknown option: '--bogus'");
        assertFails(CliRun.of("train", "--bogus"), 2, "Unknown option: '--bogus'");
        assertFails(CliRun.of("verify", "a.png", "b.png"), 2, "Missing required option: '--model=<model>'");
        assertFails(CliRun.of("evaluate", "--model"), 2, "Missing required parameter for option '--model'");
    }

    @Test
    void helpStillPrintsTheUsageAndExitsZero() {
        CliRun help = CliRun.of("train", "--help");
        assertEquals(0, help.exitCode);
        assertTrue(help.out.startsWith("Usage: dl4j-losses train"), help.out);
        assertEquals("", help.err);
    }
}
