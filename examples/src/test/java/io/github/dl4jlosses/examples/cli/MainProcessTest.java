package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.ProcessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The program as a shell sees it: {@code java ... Main} in its own JVM, so the exit code is the one
 * {@code System.exit} gives. The no-argument path (the README's demo command) runs {@code train} with its
 * defaults; it is made to fail in the first second by a file where the default output folder would go.
 */
class MainProcessTest {
    @TempDir
    Path cwd;

    private ProcessRun main(String... args) throws IOException, InterruptedException {
        List<String> command = ProcessRun.java("-cp", System.getProperty("java.class.path"), Main.class.getName());
        command.addAll(List.of(args));
        return ProcessRun.of(cwd, command);
    }

    @Test
    void noArgumentsRunTrainAndFailWithItsExitCode() throws Exception {
        Path target = Files.createDirectories(cwd.resolve("target"));
        Files.writeString(target.resolve("verification-run"), "a file where the default --out goes");
        ProcessRun r = main();
        assertEquals(1, r.exitCode, r.err);
        assertEquals("error: expected -o/--out to be a folder, got the file target" + java.io.File.separator
                + "verification-run", r.err.strip());
        assertFalse(r.out.contains("loading data"), r.out);
    }

    private static final String[] QUICK_TRAIN = {"train", "--loss", "contrastive", "--tower", "mlp", "--epochs", "1",
            "--train-per-class", "20", "--test-per-class", "10", "--folds", "2", "--pairs-per-fold", "5", "-P", "4",
            "-K", "4", "--embedding", "8", "-o", "run"};

    @Test
    void logsWarningsOnlyByDefaultAndRecordsTheTowersRealWidth() throws Exception {
        ProcessRun r = main(QUICK_TRAIN);
        assertEquals(0, r.exitCode, r.err);
        assertFalse(r.err.contains("INFO"), "no INFO lines by default:\n" + r.err);
        assertFalse(r.err.contains("Backend build information") || r.out.contains("Backend build information"),
                "no ND4J banner by default:\n" + r.err);
        assertFalse(r.err.contains("Assigning a size of zero"), r.err);
        JsonNode settings = new ObjectMapper().readTree(cwd.resolve("run/metrics.json").toFile()).get("settings");
        assertEquals(256, settings.get("hidden").asInt(), "the MLP's own hidden width, not the option's 0");
        assertTrue(settings.get("loss_function").asText().contains("LossContrastive"), settings.toString());
    }

    @Test
    void verboseLogsInfoWithTheBackendBanner() throws Exception {
        String[] args = java.util.Arrays.copyOf(QUICK_TRAIN, QUICK_TRAIN.length + 1);
        args[args.length - 1] = "--verbose";
        ProcessRun r = main(args);
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.err.contains("INFO org.nd4j.linalg.factory.Nd4jBackend - Loaded [CpuBackend] backend"), r.err);
        assertFalse(r.err.contains("Assigning a size of zero"), "the cause is fixed, not just hidden:\n" + r.err);
    }

    @Test
    void aBadOptionExitsTwoWithTheErrorFirst() throws Exception {
        ProcessRun r = main("--bogus");
        assertEquals(2, r.exitCode);
        List<String> lines = r.err.lines().collect(java.util.stream.Collectors.toList());
        assertEquals("error: Unknown option: '--bogus'", lines.get(0));
        assertEquals("Try 'dl4j-losses --help' for the options.", lines.get(lines.size() - 1));
        assertFalse(r.err.contains("Usage:"), r.err);
    }
}
