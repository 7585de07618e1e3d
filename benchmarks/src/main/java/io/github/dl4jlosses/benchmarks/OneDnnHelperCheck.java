package io.github.dl4jlosses.benchmarks;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints whether DL4J would run its convolution/pooling layers through oneDNN with the natives this JVM loaded.
 * <p>
 * In 1.0.0-M2.1, {@code BaseMKLDNNHelper.mklDnnEnabled()} asks, by reflection, for
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()}; the natives' class is
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and its method {@code isUseONEDNN()}, so the
 * check fails and DL4J's layers never use their oneDNN helpers, even with the {@code -onednn} natives (SameDiff's
 * ops still do: their oneDNN implementations are chosen inside libnd4j). Run with the oneDNN natives, e.g.
 * <pre>
 *   java -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx512 -cp ... io.github.dl4jlosses.benchmarks.OneDnnHelperCheck
 * </pre>
 */
public final class OneDnnHelperCheck {
    private OneDnnHelperCheck() {
    }

    public static void main(String[] args) throws Exception {
        Nd4j.create(1);
        System.out.println("natives loaded: " + EnvironmentReport.loadedNatives());
        System.out.println("DL4J BaseMKLDNNHelper.mklDnnEnabled(): " + BaseMKLDNNHelper.mklDnnEnabled());
        for (String[] c : new String[][]{
                {"org.nd4j.nativeblas.Nd4jCpu$Environment", "isUseMKLDNN"},
                {"org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment", "isUseONEDNN"}}) {
            try {
                Class<?> k = Class.forName(c[0]);
                Object env = k.getMethod("getInstance").invoke(null);
                System.out.println(c[0] + "." + c[1] + "(): " + k.getMethod(c[1]).invoke(env));
            } catch (ReflectiveOperationException e) {
                System.out.println(c[0] + "." + c[1] + "(): " + e);
            }
        }
    }
}
