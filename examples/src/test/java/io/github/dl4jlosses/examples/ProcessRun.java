package io.github.dl4jlosses.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command run in its own process, as a shell runs it: exit code, stdout and stderr. */
public final class ProcessRun {
    public final int exitCode;
    public final String out;
    public final String err;

    private ProcessRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    /** This JVM's {@code java} followed by {@code args}. */
    public static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code command} in {@code dir} (its output goes to files there) and waits up to 120 s. */
    public static ProcessRun of(Path dir, List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished in 120 s: " + command);
        return new ProcessRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
