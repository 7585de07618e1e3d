package io.github.dl4jlosses.graph.conv;

import io.github.dl4jlosses.graph.LayerFields;
import org.apache.commons.lang3.SerializationUtils;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TowerConvolutionLayer} is DL4J's {@code ConvolutionLayer} configuration plus one option: every DL4J option is
 * copied by {@link TowerConvolutionLayer#replacing} and survives JSON, Java serialization and {@code clone()}, and the
 * option itself does too; only an exact {@code ConvolutionLayer} is replaced.
 */
class TowerConvolutionLayerTest {

    static List<ConvolutionLayer> configurations() {
        return List.of(
                new ConvolutionLayer.Builder(5, 5).nIn(1).nOut(16).activation(Activation.RELU).build(),
                new ConvolutionLayer.Builder(3, 2).stride(2, 1).padding(1, 0).dilation(1, 2).nIn(3).nOut(4)
                        .activation(Activation.TANH).hasBias(false).name("conv-a").build(),
                new ConvolutionLayer.Builder(3, 3).convolutionMode(ConvolutionMode.Same).nIn(2).nOut(2)
                        .dataFormat(CNN2DFormat.NHWC).cudnnAllowFallback(false).l2(0.01).dropOut(0.8).build(),
                new ConvolutionLayer.Builder(2, 2).nIn(1).nOut(3)
                        .cudnnAlgoMode(ConvolutionLayer.AlgoMode.NO_WORKSPACE).build());
    }

    static Stream<Arguments> configurationsAndFlags() {
        return configurations().stream().flatMap(c -> Stream.of(Arguments.of(c, true), Arguments.of(c, false)));
    }

    @ParameterizedTest(name = "{index}: input gradient {1}")
    @MethodSource("configurationsAndFlags")
    void replacingCopiesEveryOptionAndEverythingSerialises(ConvolutionLayer dl4j, boolean inputGradient) {
        Layer replaced = TowerConvolutionLayer.replacing(dl4j, inputGradient);

        assertInstanceOf(TowerConvolutionLayer.class, replaced);
        assertEquals(inputGradient, ((TowerConvolutionLayer) replaced).isInputGradient());
        assertEquals(dl4j, backToDl4j(replaced), "an option was not copied");
        assertNotSame(dl4j.getKernelSize(), ((ConvolutionLayer) replaced).getKernelSize(), "arrays shared");
        assertNotEquals(dl4j, replaced, "a TowerConvolutionLayer is not DL4J's layer");
        assertNotEquals(replaced, dl4j);

        assertEquals(replaced, replaced.clone());
        assertInstanceOf(TowerConvolutionLayer.class, replaced.clone());
        String json = new NeuralNetConfiguration.Builder().seed(1).layer(replaced).build().toJson();
        Layer fromJson = NeuralNetConfiguration.fromJson(json).getLayer();
        assertEquals(replaced, fromJson);
        assertEquals(replaced.hashCode(), fromJson.hashCode());
        String theirs = new NeuralNetConfiguration.Builder().seed(1).layer(dl4j).build().toJson();
        assertEquals(NeuralNetConfiguration.fromJson(theirs).getLayer(), backToDl4j(fromJson));
        Layer javaCopy = SerializationUtils.clone(replaced);
        assertEquals(replaced, javaCopy);
    }

    private static ConvolutionLayer backToDl4j(Layer ours) {
        return LayerFields.copy(ConvolutionLayer.class, ((ConvolutionLayer) ours).clone(), new ConvolutionLayer());
    }

    @Test
    void theOptionTakesPartInEquality() {
        ConvolutionLayer dl4j = configurations().get(0);
        Layer with = TowerConvolutionLayer.replacing(dl4j, true), without = TowerConvolutionLayer.replacing(dl4j, false);
        assertNotEquals(with, without);
        assertEquals(with, TowerConvolutionLayer.replacing(dl4j, true));
        assertEquals(with.hashCode(), TowerConvolutionLayer.replacing(dl4j, true).hashCode());
        assertTrue(new TowerConvolutionLayer().isInputGradient(), "default: computed, as DL4J's layer");
    }

    @Test
    void replacingLeavesEveryOtherLayerAlone() {
        Layer[] others = {
                new Convolution1DLayer.Builder(2).nOut(2).build(),
                new Deconvolution2D.Builder(2, 2).nOut(2).build(),
                new DepthwiseConvolution2D.Builder(2, 2).nOut(2).build(),
                new SeparableConvolution2D.Builder(2, 2).nOut(2).build(),
                new SubsamplingLayer.Builder().build(),
                new DenseLayer.Builder().nOut(3).build()};
        for (Layer layer : others) {
            assertSame(layer, TowerConvolutionLayer.replacing(layer, true), layer.getClass().getSimpleName());
        }
        assertNull(TowerConvolutionLayer.replacing(null, true));
    }

    @Test
    void anOwnLayerKeepsItsOptionsAndTakesTheSetting() {
        TowerConvolutionLayer without = (TowerConvolutionLayer) TowerConvolutionLayer.replacing(configurations().get(1), false);
        assertSame(without, TowerConvolutionLayer.replacing(without, false));
        TowerConvolutionLayer with = (TowerConvolutionLayer) TowerConvolutionLayer.replacing(without, true);
        assertTrue(with.isInputGradient());
        assertFalse(without.isInputGradient(), "the given layer was changed");
        assertEquals(backToDl4j(without), backToDl4j(with));
        assertEquals(TowerConvolutionLayer.replacing(configurations().get(1), true), with);
    }

    @Test
    void flatImagesGetAPreProcessorThatPassesNoGradientBack() {
        InputType flat = InputType.convolutionalFlat(6, 5, 2);
        TowerConvolutionLayer without = (TowerConvolutionLayer) TowerConvolutionLayer.replacing(configurations().get(0), false);
        TowerConvolutionLayer with = (TowerConvolutionLayer) TowerConvolutionLayer.replacing(configurations().get(0), true);

        assertEquals(FeedForwardToCnnPreProcessor.class, with.getPreProcessorForInputType(flat).getClass());
        FlatImagesPreProcessor p = (FlatImagesPreProcessor) without.getPreProcessorForInputType(flat);
        assertEquals(new FeedForwardToCnnPreProcessor(6, 5, 2).getClass(), p.getClass().getSuperclass());
        assertEquals(6, p.getInputHeight());
        assertEquals(5, p.getInputWidth());
        assertEquals(2, p.getNumChannels());
        assertNull(without.getPreProcessorForInputType(InputType.convolutional(6, 5, 2)));

        LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
        assertNull(p.backprop(null, 3, none));
        INDArray rows = Nd4j.rand(DataType.FLOAT, 3, 60);
        INDArray images = p.preProcess(rows, 3, none);
        assertEquals(new FeedForwardToCnnPreProcessor(6, 5, 2).preProcess(rows, 3, none), images);
        assertEquals(rows, p.backprop(images, 3, none));
        assertInstanceOf(FlatImagesPreProcessor.class, p.clone());
        assertFalse(p.clone() == p);
    }
}
