package io.github.dl4jlosses.backendtests.probe;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Can the ND4J backend on the classpath run here? For the CPU backend the answer is yes without
 * asking (a broken CPU backend must fail loudly). For the CUDA backend, before anything touches
 * {@code Nd4j}: (1) the NVIDIA driver must be on disk ({@link NvidiaDriver}); (2) a child JVM on the same
 * classpath ({@link CudaProbeMain}) must find a device of compute capability 3.7-8.6 and run a first ND4J
 * operation. Any failure becomes a {@link ProbeResult} with the precise reason, never a crash here.
 * <p>
 * System property {@code dl4jlosses.probe.skipDriverCheck=true} skips step (1), to exercise the child
 * JVM on a machine without a driver.
 */
public final class BackendProbe {
    public static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";
    public static final String CUDA_BACKEND = "nd4j-cuda-11.6";
    public static final String CPU_BACKEND = "nd4j-native";
    static final long CHILD_TIMEOUT_SECONDS = 600; // the first load unpacks ~1 GB of CUDA natives

    private static ProbeResult cached;

    private BackendProbe() {
    }

    /** True when ND4J's CUDA backend is on the classpath (checked without initialising any class). */
    public static boolean cudaOnClasspath() {
        try {
            Class.forName(CUDA_BACKEND_CLASS, false, BackendProbe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The verdict for this JVM, computed once. */
    public static synchronized ProbeResult result() {
        if (cached == null) {
            cached = probe();
        }
        return cached;
    }

    private static ProbeResult probe() {
        if (!cudaOnClasspath()) {
            return ProbeResult.usable(CPU_BACKEND, "CPU backend (no probing needed)");
        }
        if (!Boolean.getBoolean("dl4jlosses.probe.skipDriverCheck")) {
            String noDriver = NvidiaDriver.missingReason();
            if (noDriver != null) {
                return ProbeResult.unusable(CUDA_BACKEND, noDriver);
            }
        }
        return runChild();
    }

    private static ProbeResult runChild() {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("dl4jlosses-probe", ".out");
            err = Files.createTempFile("dl4jlosses-probe", ".err");
            Process p = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    CudaProbeMain.class.getName())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return ProbeResult.unusable(CUDA_BACKEND, "the CUDA probe JVM did not finish within "
                        + CHILD_TIMEOUT_SECONDS + " s");
            }
            return interpret(p.exitValue(), read(out), read(err));
        } catch (IOException | InterruptedException e) {
            return ProbeResult.unusable(CUDA_BACKEND, "could not start the CUDA probe JVM: " + e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** Turns the child's exit code and output into a verdict (visible for tests). */
    static ProbeResult interpret(int exitCode, String stdout, String stderr) {
        for (String line : stdout.split("\\R")) {
            if (line.startsWith(CudaProbeMain.PREFIX + "OK ")) {
                return ProbeResult.usable(CUDA_BACKEND, line.substring(CudaProbeMain.PREFIX.length() + 3));
            }
            if (line.startsWith(CudaProbeMain.PREFIX + "SKIP ")) {
                return ProbeResult.unusable(CUDA_BACKEND, line.substring(CudaProbeMain.PREFIX.length() + 5));
            }
        }
        return ProbeResult.unusable(CUDA_BACKEND, "the CUDA probe JVM exited with code " + exitCode
                + (exitCode > 128 ? " (killed by signal " + (exitCode - 128) + ")" : "")
                + " before reporting; last output: " + tail(stderr.isEmpty() ? stdout : stderr));
    }

    private static String tail(String s) {
        String t = s.trim().replaceAll("\\s*\\R\\s*", " | ");
        return t.isEmpty() ? "(none)" : t.length() > 400 ? "..." + t.substring(t.length() - 400) : t;
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    private static void delete(Path p) {
        if (p != null) {
            new File(p.toString()).delete();
        }
    }
}
