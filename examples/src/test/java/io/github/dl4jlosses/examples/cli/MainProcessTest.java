package io.github.dl4jlosses.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    private static final class Result {
        final int exitCode;
        final String out;
        final String err;

        Result(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }

    private Result main(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = cwd.resolve("stdout.txt"), err = cwd.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsRunTrainAndFailWithItsExitCode() throws Exception {
        Path target = Files.createDirectories(cwd.resolve("target"));
        Files.writeString(target.resolve("verification-run"), "a file where the default --out goes");
        Result r = main();
        assertEquals(1, r.exitCode, r.err);
        assertEquals("error: expected -o/--out to be a folder, got the file target" + java.io.File.separator
                + "verification-run", r.err.strip());
        assertFalse(r.out.contains("loading data"), r.out);
    }

    @Test
    void aBadOptionExitsTwoWithTheErrorFirst() throws Exception {
        Result r = main("--bogus");
        assertEquals(2, r.exitCode);
        List<String> lines = r.err.lines().collect(java.util.stream.Collectors.toList());
        assertEquals("error: Unknown option: '--bogus'", lines.get(0));
        assertEquals("Try 'dl4j-losses --help' for the options.", lines.get(lines.size() - 1));
        assertFalse(r.err.contains("Usage:"), r.err);
    }
}
