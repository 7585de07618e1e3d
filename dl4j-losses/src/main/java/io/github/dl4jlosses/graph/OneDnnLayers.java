package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.ops.OneDnnNatives;
import org.deeplearning4j.config.DL4JSystemProperties;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.activations.impl.ActivationReLU;

import java.util.List;

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
 * <p>
 * One layer the helpers get wrong: a {@code ConvolutionLayer} in NHWC with a ReLU activation. Its parameter gradients
 * with DL4J's oneDNN convolution helper differ from those without it by 0.8–28 times the largest gradient (on the
 * oneDNN-AVX2 natives: 1–2 input channels, 12–28 pixels, 3×3 and 5×5 kernels), and a Siamese graph of such layers
 * diverges within a few steps; the same layer in NCHW, or in NHWC with LeakyReLU, ReLU6, ELU, tanh, sigmoid, softplus,
 * swish, cube or the identity, agrees within float rounding, as do the pooling, batch-normalisation and LRN helpers in
 * NHWC and an identity convolution followed by an {@code ActivationLayer} with ReLU. {@link #enableFor} refuses a tower
 * with such a layer while the helpers would be on.
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

    /**
     * {@link #enable()} for a network of {@code layers}, refusing those the helpers get wrong (see the class comment):
     * while the natives have oneDNN and DL4J's switch is not set to {@code true}, a {@code ConvolutionLayer} in NHWC
     * with a ReLU activation is an IllegalArgumentException naming the layer and the ways out.
     *
     * @param owner who asks, for the message (a graph builder's name)
     * @return whether DL4J's layers will now use the helpers ({@link #enabled()})
     */
    public static synchronized boolean enableFor(String owner, List<Layer> layers) {
        boolean helpersWouldRun = nativesHaveOneDnn()
                && !Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "false"));
        for (int i = 0; helpersWouldRun && i < layers.size(); i++) {
            if (wrongWithHelpers(layers.get(i))) {
                throw new IllegalArgumentException(String.format("%s: tower layer %d is a ConvolutionLayer in NHWC"
                        + " with a ReLU activation, which DL4J 1.0.0-M2.1's oneDNN convolution helper (on with ND4J's"
                        + " oneDNN natives) trains with wrong gradients; expected CNN2DFormat.NCHW, another activation"
                        + " (the identity followed by an ActivationLayer with ReLU is the same network and right), or"
                        + " the helpers off (-D%s=true)", owner, i, DISABLE_PROPERTY));
            }
        }
        return enable();
    }

    /** A {@code ConvolutionLayer} (or its alias {@code Convolution2D}) in NHWC with a ReLU activation. */
    private static boolean wrongWithHelpers(Layer layer) {
        return (layer.getClass() == ConvolutionLayer.class || layer.getClass() == Convolution2D.class)
                && ((ConvolutionLayer) layer).getCnn2dDataFormat() == CNN2DFormat.NHWC
                && ((ConvolutionLayer) layer).getActivationFn() instanceof ActivationReLU;
    }

    /** Whether a layer created now gets DL4J's oneDNN helper: helpers allowed by DL4J's switch and its check passing. */
    public static boolean enabled() {
        return !Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "true")) && BaseMKLDNNHelper.mklDnnEnabled();
    }
}
