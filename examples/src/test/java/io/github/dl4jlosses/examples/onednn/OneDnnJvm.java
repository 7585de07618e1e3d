package io.github.dl4jlosses.examples.onednn;

import io.github.dl4jlosses.examples.cli.NativeVariant;
import io.github.dl4jlosses.graph.GraphNames;
import io.github.dl4jlosses.graph.OneDnnLayers;
import io.github.dl4jlosses.ops.OneDnnNatives;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.function.Supplier;

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

    /** {@code action}'s result, run while DL4J's helper switch says {@code disable} (null: unset), restored after. */
    static <T> T withSwitch(String disable, Supplier<T> action) {
        String before = System.getProperty(OneDnnLayers.DISABLE_PROPERTY);
        try {
            if (disable == null) System.clearProperty(OneDnnLayers.DISABLE_PROPERTY);
            else System.setProperty(OneDnnLayers.DISABLE_PROPERTY, disable);
            return action.get();
        } finally {
            if (before == null) System.clearProperty(OneDnnLayers.DISABLE_PROPERTY);
            else System.setProperty(OneDnnLayers.DISABLE_PROPERTY, before);
        }
    }

    /** A network created (its configuration too) while DL4J's switch says {@code disable}, restored after. */
    static ComputationGraph created(String disable, Supplier<ComputationGraphConfiguration> conf) {
        return withSwitch(disable, () -> {
            ComputationGraph net = new ComputationGraph(conf.get());
            net.init();
            return net;
        });
    }

    /** The layer helper DL4J chose for tower layer {@code towerLayer} (null: none). */
    static Object helper(ComputationGraph net, int towerLayer) {
        return net.getLayer(GraphNames.towerLayer(towerLayer)).getHelper();
    }
}
