package io.github.dl4jlosses.benchmarks;

import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Prints, as one JSON object, what a benchmark result depends on besides the code: JVM, ND4J backend
 * and its thread counts, cores. {@code benchmarks/run.sh} stores it beside the JMH result.
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
                        + " \"availableProcessors\": %d, \"nativesVariant\": \"%s\", \"onednn\": %b}%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), backend,
                Nd4j.class.getPackage().getImplementationVersion(),
                env.maxThreads(), env.maxMasterThreads(),
                Nd4j.factory().blas().getBlasVendor(),
                Runtime.getRuntime().availableProcessors(), variant, build.contains("ONEDNN"));
    }
}
