package io.github.dl4jlosses.examples.onednn;

import io.github.dl4jlosses.examples.cli.NativeVariant;
import io.github.dl4jlosses.ops.OneDnnNatives;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The condition of this package's tests: this JVM runs ND4J's oneDNN natives (the module's test JVMs pick them). */
final class OneDnnJvm {
    private OneDnnJvm() {
    }

    /** Skips the test where the oneDNN natives were not chosen; fails if they were but report no oneDNN. */
    static void assumeOneDnnNatives() {
        assumeTrue(NativeVariant.ONEDNN_AVX2.equals(System.getProperty(NativeVariant.PROPERTY)),
                "no oneDNN natives in this JVM (not linux-x86_64, or a CPU without AVX2/FMA): "
                        + NativeVariant.PROPERTY + "='" + System.getProperty(NativeVariant.PROPERTY) + "'");
        assertTrue(OneDnnNatives.inUse(), "the oneDNN AVX2 natives were chosen but report no oneDNN");
    }
}
