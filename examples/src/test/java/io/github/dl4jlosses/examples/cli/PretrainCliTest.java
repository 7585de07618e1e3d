package io.github.dl4jlosses.examples.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pretrain}, then {@code train --init-from}: it runs, records what it used, and bad input fails first. */
class PretrainCliTest {
    @TempDir
    static Path tmp;
    private static Path pretrained;

    private static final List<String> QUICK = List.of("--train-per-class", "20", "--test-per-class", "10",
            "--folds", "2", "--pairs-per-fold", "5", "-P", "4", "-K", "4");

    private static String[] args(String command, String... extra) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(QUICK);
        a.addAll(Arrays.asList(extra));
        return a.toArray(new String[0]);
    }

    @BeforeAll
    static void pretrainOnce() throws IOException {
        Path out = tmp.resolve("pre");
        CliRun run = CliRun.of(args("pretrain", "--tower", "mlp", "--embedding", "8", "--epochs", "1", "-o", out.toString()));
        assertEquals(0, run.exitCode, run.err);
        pretrained = out.resolve("model.zip");
        assertTrue(Files.size(pretrained) > 1000);
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(5, m.get("settings").get("classes").asInt(), "softmax over the five training classes");
        assertTrue(run.out.contains("classifier features"), run.out);
    }

    @Test
    void trainStartsFromThePretrainedTowerWithFrozenLayers() throws IOException {
        Path out = tmp.resolve("finetune");
        CliRun run = CliRun.of(args("train", "--loss", "contrastive", "--init-from", pretrained.toString(), "--freeze", "1",
                "-o", out.toString()));
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("pretrained (model.zip up to 'embedding', 1 frozen) tower"), run.out);
        JsonNode s = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("settings");
        assertEquals("embedding", s.get("cut_at").asText());
        assertEquals(1, s.get("freeze").asInt());
        assertEquals(8, s.get("embedding").asInt(), "the pretrained tower's width, not the --embedding default");

        // a model written by train (a two-input Siamese graph) works as a starting point too
        CliRun again = CliRun.of(args("train", "--loss", "contrastive", "--init-from", out.resolve("model.zip").toString(),
                "--epochs", "0", "-o", tmp.resolve("again").toString()));
        assertEquals(0, again.exitCode, again.err);
    }

    /** Exit 1, exactly one {@code error:} line holding {@code part}, no stack trace, and nothing loaded or written. */
    private static void assertFailsFirst(String part, String... extra) {
        Path out = tmp.resolve("bad-" + Math.abs(Arrays.hashCode(extra)));
        List<String> a = new ArrayList<>(Arrays.asList(extra));
        a.addAll(List.of("-o", out.toString()));
        CliRun run = CliRun.of(args("train", a.toArray(new String[0])));
        assertEquals(1, run.exitCode, run.err);
        List<String> errors = run.err.lines().filter(l -> l.startsWith("error: ")).collect(Collectors.toList());
        assertEquals(1, errors.size(), run.err);
        assertTrue(errors.get(0).contains(part), "'" + part + "' in " + errors.get(0));
        assertFalse(run.err.contains("\tat "), run.err);
        assertFalse(run.out.contains("loading data"), "failed before reading data: " + run.out);
        assertFalse(Files.exists(out), "no output folder made");
    }

    @Test
    void badInitFromFailsWithOneLineBeforeTraining() throws IOException {
        Path notAModel = Files.writeString(tmp.resolve("notes.zip"), "not a model");
        assertFailsFirst("expected --init-from to be a network saved by DL4J's ModelSerializer", "--init-from", notAModel.toString());
        assertFailsFirst("no layer named 'dense_9'; the layers are [layer0, embedding, classes]",
                "--init-from", pretrained.toString(), "--cut-at", "dense_9");
        assertFailsFirst("expected freeze in [0, 1] (the tower has 2 layers, [layer0, embedding], and at least one must train), got 5",
                "--init-from", pretrained.toString(), "--freeze", "5");
        assertFailsFirst("expected to cut before the output layer 'classes'",
                "--init-from", pretrained.toString(), "--cut-at", "classes");
        assertFailsFirst("--freeze and --cut-at need --init-from", "--freeze", "1");
        assertFailsFirst("--init-from: no such file", "--init-from", tmp.resolve("missing.zip").toString());
    }
}
