package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.ops.OneDnnNatives;
import org.deeplearning4j.config.DL4JSystemProperties;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;

/**
 * DL4J's oneDNN layer helpers (convolution, pooling, batch normalisation, LRN), which DL4J 1.0.0-M2.1 ships but
 * never uses: its {@code org.eclipse.deeplearning4j.helpers.disable} switch defaults to {@code true}, and its
 * check {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, a class
 * the natives renamed (this library supplies one with that name, answering {@link #nativesHaveOneDnn()}).
 * <p>
 * With ND4J's oneDNN natives on the classpath ({@code nd4j-native} classifier {@code linux-x86_64-onednn-avx2} or
 * {@code -onednn-avx512}), {@link #enable()} turns the helpers on: a Siamese CNN training step took 0.2–0.3× the
 * time of DL4J's own im2col path on a 2-core AVX-512 machine (see the README's "Performance"). With the generic
 * natives it does nothing, since there the helpers run libnd4j's generic kernels and were slower (1.3×). The graph
 * builders of this package call it, so a network built from them uses the helpers whenever the natives allow.
 * <p>
 * Helpers are chosen when a layer is created ({@code ComputationGraph.init()}), so {@code enable()} acts on the
 * networks created after it. It never overrides a choice already made: a JVM started with
 * {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true} keeps every helper off.
 */
public final class OneDnnLayers {
    /** DL4J's switch; unset means {@code true} (helpers off) in 1.0.0-M2.1. */
    public static final String DISABLE_PROPERTY = DL4JSystemProperties.DISABLE_HELPER_PROPERTY;

    private OneDnnLayers() {
    }

    /**
     * Whether ND4J runs on the CPU backend with natives built with oneDNN ({@code HAVE_ONEDNN} in their build
     * information) and oneDNN is not switched off in libnd4j's environment.
     */
    public static boolean nativesHaveOneDnn() {
        return OneDnnNatives.inUse();
    }

    /**
     * Turns DL4J's oneDNN layer helpers on for the networks created from now on, if the natives have oneDNN and
     * {@value #DISABLE_PROPERTY} is unset.
     *
     * @return whether DL4J's layers will now use the helpers ({@link #enabled()})
     */
    public static synchronized boolean enable() {
        if (nativesHaveOneDnn() && System.getProperty(DISABLE_PROPERTY) == null) {
            System.setProperty(DISABLE_PROPERTY, "false");
        }
        return enabled();
    }

    /** Whether a layer created now gets DL4J's oneDNN helper: helpers allowed by DL4J's switch and its check passing. */
    public static boolean enabled() {
        return !Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "true")) && BaseMKLDNNHelper.mklDnnEnabled();
    }
}
