package io.github.dl4jlosses.examples.onednn;

import io.github.dl4jlosses.graph.OneDnnLayers;
import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.Tower;
import io.github.dl4jlosses.loss.LossContrastive;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's oneDNN convolution helper trains a {@code ConvolutionLayer} in NHWC with ReLU with wrong gradients: the graph
 * builders refuse such a tower while the helpers would run, and build the other NHWC towers, whose gradients with the
 * helpers are those without them.
 */
class NhwcReluTest {
    private static final int B = 8;
    private static final int SIZE = 20;

    @BeforeEach
    void onOneDnnNatives() {
        OneDnnJvm.assumeOneDnnNatives();
    }

    /**
     * Conv 5×5 (1→8) with {@code activation} (RELU_LAYER: the identity, then an {@code ActivationLayer} with ReLU),
     * 2×2 max-pool, dense 6, on 20×20 single-channel images.
     */
    private static Tower tower(Activation activation, CNN2DFormat format) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(activation == null ? Activation.IDENTITY
                : activation).dataFormat(format).build());
        if (activation == null) layers.add(new ActivationLayer.Builder().activation(Activation.RELU).build());
        layers.add(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .dataFormat(format).build());
        layers.add(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build());
        return Tower.of(InputType.convolutional(SIZE, SIZE, 1, format), layers);
    }

    /** The convolution's activation standing for "identity, then an ActivationLayer with ReLU" in {@link #tower}. */
    private static final Activation RELU_LAYER = null;

    private static ComputationGraphConfiguration conf(Activation activation, CNN2DFormat format) {
        return SiameseGraph.builder().tower(tower(activation, format)).loss(new LossContrastive())
                .updater(new Sgd(0.01)).dataType(DataType.FLOAT).seed(7).build();
    }

    /** The largest parameter-gradient difference with and without the helpers, relative to the largest gradient. */
    private static double gradientDifference(Activation activation, CNN2DFormat format) {
        ComputationGraphConfiguration conf = OneDnnJvm.withSwitch("true", () -> conf(activation, format));
        ComputationGraph plain = OneDnnJvm.created("true", conf::clone);
        ComputationGraph oneDnn = OneDnnJvm.created("false", conf::clone);
        assertNull(OneDnnJvm.helper(plain, 0));
        assertInstanceOf(MKLDNNConvHelper.class, OneDnnJvm.helper(oneDnn, 0));
        oneDnn.setParams(plain.params().dup());
        Nd4j.getRandom().setSeed(3);
        long[] shape = format == CNN2DFormat.NCHW ? new long[]{B, 1, SIZE, SIZE} : new long[]{B, SIZE, SIZE, 1};
        INDArray labels = Nd4j.zeros(DataType.FLOAT, B, 1);
        for (int i = 0; i < B; i += 2) labels.putScalar(i, 0, 1);
        MultiDataSet data = new MultiDataSet(new INDArray[]{Nd4j.randn(DataType.FLOAT, shape),
                Nd4j.randn(DataType.FLOAT, shape)}, new INDArray[]{labels});
        for (ComputationGraph net : new ComputationGraph[]{plain, oneDnn}) {
            net.setInputs(data.getFeatures());
            net.setLabels(data.getLabels());
            net.computeGradientAndScore();
        }
        INDArray a = plain.getGradientsViewArray();
        INDArray b = oneDnn.getGradientsViewArray();
        return a.sub(b).amaxNumber().doubleValue() / a.amaxNumber().doubleValue();
    }

    @Test
    void theHelperGetsAnNhwcReluLayerWrong() {
        // the reason for the refusal below; if a DL4J release fixes the helper, this fails and the refusal can go
        assertTrue(gradientDifference(Activation.RELU, CNN2DFormat.NHWC) > 0.1, "NHWC with ReLU");
        assertTrue(gradientDifference(Activation.RELU, CNN2DFormat.NCHW) < 1e-4, "NCHW with ReLU");
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"LEAKYRELU", "RELU6", "TANH", "IDENTITY"})
    void otherNhwcActivationsAreRightWithTheHelper(Activation activation) {
        assertTrue(gradientDifference(activation, CNN2DFormat.NHWC) < 1e-4, activation.toString());
    }

    @Test
    void anIdentityConvolutionThenAReluLayerIsRightWithTheHelperAndBuilds() {
        assertTrue(gradientDifference(RELU_LAYER, CNN2DFormat.NHWC) < 1e-4);
        assertInstanceOf(MKLDNNConvHelper.class,
                OneDnnJvm.helper(OneDnnJvm.created(null, () -> conf(RELU_LAYER, CNN2DFormat.NHWC)), 0));
    }

    @Test
    void theBuildersRefuseAnNhwcReluTowerWhileTheHelpersWouldRun() {
        for (String helpersSwitch : new String[]{null, "false"}) {     // unset: the builder would turn them on
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    OneDnnJvm.withSwitch(helpersSwitch, () -> conf(Activation.RELU, CNN2DFormat.NHWC)));
            assertTrue(e.getMessage().contains("NHWC") && e.getMessage().contains("ReLU")
                    && e.getMessage().contains("NCHW") && e.getMessage().contains(OneDnnLayers.DISABLE_PROPERTY)
                    && e.getMessage().contains("ActivationLayer") && e.getMessage().contains("SiameseGraph"),
                    e.getMessage());
        }
        // with the helpers switched off the tower builds, and its network has none
        ComputationGraph off = OneDnnJvm.created("true", () -> conf(Activation.RELU, CNN2DFormat.NHWC));
        assertNull(OneDnnJvm.helper(off, 0));
        // NCHW with ReLU and NHWC with another activation build with the helpers on
        assertInstanceOf(MKLDNNConvHelper.class,
                OneDnnJvm.helper(OneDnnJvm.created(null, () -> conf(Activation.RELU, CNN2DFormat.NCHW)), 0));
        assertInstanceOf(MKLDNNConvHelper.class,
                OneDnnJvm.helper(OneDnnJvm.created(null, () -> conf(Activation.LEAKYRELU, CNN2DFormat.NHWC)), 0));
    }
}
