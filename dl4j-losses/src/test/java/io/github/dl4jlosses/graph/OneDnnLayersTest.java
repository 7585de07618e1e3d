package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.testutil.Dl4jHelperSwitch;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * This module's tests run on ND4J's generic natives (no oneDNN): there the builders must leave DL4J's helper switch
 * alone and the convolution layers on DL4J's own path (the helpers' generic kernels were slower). The oneDNN side is
 * tested in the examples module, whose classpath carries the oneDNN natives ({@code OneDnnHelpersTest}).
 */
class OneDnnLayersTest {

    @Test
    void withGenericNativesTheBuildersLeaveTheHelpersOff() {
        Nd4j.getBackend();   // loads the natives: NativeOpsHolder fails if it is the first to touch them (test run alone)
        assumeFalse(NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN"),
                "these natives have oneDNN; this test is about the generic ones");
        assumeFalse(System.getProperty(OneDnnLayers.DISABLE_PROPERTY) != null,
                "the JVM set " + OneDnnLayers.DISABLE_PROPERTY + " itself");
        ComputationGraph net = SiameseGraph.builder().tower(Towers.conv()).loss(new LossContrastive()).buildNetwork();

        assertFalse(OneDnnLayers.nativesHaveOneDnn());
        assertFalse(OneDnnLayers.enable());
        assertNull(System.getProperty(OneDnnLayers.DISABLE_PROPERTY), "the helper switch was touched");
        assertFalse(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN());
        ConvolutionLayer conv = (ConvolutionLayer) net.getLayer(GraphNames.towerLayer(0));
        assertNull(conv.getHelper(), "a convolution helper on the generic natives");
    }

    @Test
    void withGenericNativesAnNhwcReluTowerBuilds() {
        // refused only where DL4J's oneDNN helpers would run (examples module, NhwcReluTest)
        assumeFalse(OneDnnLayers.nativesHaveOneDnn(), "these natives have oneDNN");
        Tower nhwc = Tower.of(InputType.convolutional(8, 8, 1, CNN2DFormat.NHWC),
                new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(4)
                        .activation(Activation.RELU).dataFormat(CNN2DFormat.NHWC).build(),
                new DenseLayer.Builder().nOut(3).build());
        ComputationGraph net = SiameseGraph.builder().tower(nhwc).loss(new LossContrastive()).buildNetwork();
        assertNull(net.getLayer(GraphNames.towerLayer(0)).getHelper());
        assertEquals(2, net.getConfiguration().getNetworkInputs().size());
    }

    @Test
    void enabledFollowsDl4jsSwitch() {
        Dl4jHelperSwitch.with("true", () -> {
            assertFalse(OneDnnLayers.enabled());
            assertFalse(OneDnnLayers.enable(), "enable() overrode a switch set to true");
            assertEquals("true", System.getProperty(OneDnnLayers.DISABLE_PROPERTY));
            return null;
        });
    }
}
