package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.ops.VectorRows;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Prints, as one JSON object, what a benchmark result depends on besides the code: JVM, ND4J backend
 * and its thread counts, cores, whether row passes run on the JDK's Vector API ({@link VectorRows}) and whether the
 * host passes run (on that API, or as plain loops without it).
 * {@code benchmarks/run.sh} stores it beside the JMH result.
 */
public final class EnvironmentReport {
    private EnvironmentReport() {
    }

    public static void main(String[] args) {
        Environment env = Nd4j.getEnvironment();
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        String build = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        String variant = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        System.out.printf("{\"java\": \"%s\", \"vm\": \"%s\", \"nd4jBackend\": \"%s\", \"nd4jVersion\": \"%s\","
                        + " \"nd4jMaxThreads\": %d, \"nd4jMaxMasterThreads\": %d, \"blasVendor\": \"%s\","
                        + " \"availableProcessors\": %d, \"nativesVariant\": \"%s\", \"nativesLoaded\": \"%s\", \"onednn\": %b,"
                        + " \"vectorRows\": %b, \"hostPasses\": %b}%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), backend,
                Nd4j.class.getPackage().getImplementationVersion(),
                env.maxThreads(), env.maxMasterThreads(),
                Nd4j.factory().blas().getBlasVendor(),
                Runtime.getRuntime().availableProcessors(), variant, loadedNatives(), build.contains("ONEDNN"),
                VectorRows.available() && VectorRows.enabled(),
                VectorRows.hostPassesAvailable() && VectorRows.enabled());
    }

    /**
     * The directory (platform and extension, e.g. {@code linux-x86_64-avx512}) of the libnd4jcpu this process has
     * mapped, from /proc/self/maps: which natives JavaCPP actually loaded (the extension property alone does not say,
     * since JavaCPP also picks a variant jar it finds on the classpath).
     */
    public static String loadedNatives() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/maps"))) {
                int at = line.indexOf("/libnd4jcpu.so");
                if (at > 0 && line.indexOf('/') >= 0) {
                    String dir = line.substring(line.indexOf('/'), at);
                    return dir.substring(dir.lastIndexOf('/') + 1);
                }
            }
            return "?";
        } catch (IOException | RuntimeException e) {
            return "? (" + e + ")";
        }
    }
}
