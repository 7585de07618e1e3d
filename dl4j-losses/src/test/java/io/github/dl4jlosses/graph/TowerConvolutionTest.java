package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.graph.conv.FlatImagesPreProcessor;
import io.github.dl4jlosses.graph.conv.TowerConvolutionImpl;
import io.github.dl4jlosses.graph.conv.TowerConvolutionLayer;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.testutil.DoublePrecision;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The builders put a {@link TowerConvolutionLayer} in place of each {@code ConvolutionLayer} of the tower, the first
 * without the gradient with respect to the images: the graph computes the same score and parameter gradients as the
 * same graph with DL4J's layers (both natives, FLOAT and DOUBLE, image and flat-row inputs, geometries the faster
 * route takes and ones it leaves to DL4J), passes DL4J's GradientCheckUtil and survives ModelSerializer; the input
 * vertices' epsilons are null unless {@code inputGradients(true)}, and then DL4J's.
 */
@ExtendWith(DoublePrecision.class)
class TowerConvolutionTest {
    private static final int B = 3;

    /** A named first convolution (8×8 images, {@code channels}), whether the weights-only route takes it. */
    static final class First {
        final String name;
        final int channels;
        final ConvolutionLayer.Builder conv;
        final boolean weightsOnly;

        First(String name, int channels, ConvolutionLayer.Builder conv, boolean weightsOnly) {
            this.name = name;
            this.channels = channels;
            this.conv = conv;
            this.weightsOnly = weightsOnly;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<First> firsts() {
        return List.of(
                new First("relu 5x5", 1, new ConvolutionLayer.Builder(5, 5).nOut(4).activation(Activation.RELU), true),
                new First("tanh 3 channels, padded, dilated", 3, new ConvolutionLayer.Builder(3, 3).padding(1, 1)
                        .dilation(2, 2).nOut(2).activation(Activation.TANH), true),
                new First("no bias", 1, new ConvolutionLayer.Builder(3, 3).hasBias(false).nOut(2)
                        .activation(Activation.RELU), true),
                new First("same, even kernel (DL4J's route)", 1, new ConvolutionLayer.Builder(2, 2)
                        .convolutionMode(ConvolutionMode.Same).nOut(2).activation(Activation.RELU), false),
                new First("stride 2 (DL4J's route)", 1, new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(2)
                        .activation(Activation.RELU), false));
    }

    /** The first convolution, a second ReLU one (input gradient: the helper's route where there is one), dense → 3. */
    private static Tower tower(First first, boolean flat) {
        InputType in = flat ? InputType.convolutionalFlat(8, 8, first.channels) : InputType.convolutional(8, 8, first.channels);
        return Tower.of(in, first.conv.build(),
                new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).build(),
                new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build());
    }

    private static ComputationGraphConfiguration siamese(Tower tower, DataType type, boolean inputGradients) {
        ComputationGraphConfiguration conf = SiameseGraph.builder().tower(tower).loss(new LossContrastive())
                .updater(new Sgd(0.1)).dataType(type).seed(5).inputGradients(inputGradients).build();
        conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);      // so that epsilons can be read after backprop
        conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);     // (DL4J's backprop looks at this one)
        return conf;
    }

    /** The same configuration with DL4J's own convolution layers and pre-processors. */
    private static ComputationGraphConfiguration withDl4jLayers(ComputationGraphConfiguration ours) {
        ComputationGraphConfiguration conf = ours.clone();
        int replaced = 0;
        for (var v : conf.getVertices().values()) {
            if (!(v instanceof LayerVertex)) continue;
            LayerVertex lv = (LayerVertex) v;
            Layer layer = lv.getLayerConf().getLayer();
            if (layer instanceof TowerConvolutionLayer) {
                lv.getLayerConf().setLayer(LayerFields.copy(ConvolutionLayer.class,
                        ((ConvolutionLayer) layer).clone(), new ConvolutionLayer()));
                replaced++;
            }
            if (lv.getPreProcessor() instanceof FlatImagesPreProcessor) {
                FlatImagesPreProcessor p = (FlatImagesPreProcessor) lv.getPreProcessor();
                lv.setPreProcessor(new FeedForwardToCnnPreProcessor(p.getInputHeight(), p.getInputWidth(), p.getNumChannels()));
            }
        }
        assertEquals(2, replaced);
        return conf;
    }

    private static INDArray[] inputs(First first, boolean flat, DataType type) {
        INDArray[] in = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            INDArray rows = RandomArrays.gaussian(type, 11 + i, B, 64 * first.channels);
            in[i] = flat ? rows : rows.reshape('c', B, first.channels, 8, 8);
        }
        return in;
    }

    /** A graph after one backward pass, and the input vertices' epsilons (null where none) as it left them. */
    private static final class Backprop {
        final ComputationGraph net;
        final Map<String, INDArray> inputEpsilons = new HashMap<>();

        Backprop(ComputationGraphConfiguration conf, INDArray params, INDArray[] in, INDArray labels) {
            net = new ComputationGraph(conf);
            net.init(params.dup(), true);
            // DL4J clears every vertex after backprop: a listener is where the input vertices' epsilons can be read
            net.setListeners(new BaseTrainingListener() {
                @Override
                public void onBackwardPass(Model model) {
                    for (String input : conf.getNetworkInputs()) {
                        INDArray eps = net.getVertex(input).getEpsilon();
                        inputEpsilons.put(input, eps == null ? null : eps.dup());
                    }
                }
            });
            net.setInputs(in);
            net.setLabels(labels);
            net.computeGradientAndScore();
            assertEquals(conf.getNetworkInputs().size(), inputEpsilons.size(), "listener not called");
        }
    }

    static Stream<Arguments> cases() {
        return firsts().stream().flatMap(f -> Stream.of(false, true).flatMap(flat ->
                Stream.of(DataType.FLOAT, DataType.DOUBLE).map(t -> Arguments.of(f, flat, t))));
    }

    @ParameterizedTest(name = "{0}, flat rows {1}, {2}")
    @MethodSource("cases")
    void sameScoreAndGradientsAsDl4jsLayers(First first, boolean flat, DataType type) {
        ComputationGraphConfiguration conf = siamese(tower(first, flat), type, false);
        ComputationGraph dl4j = new ComputationGraph(withDl4jLayers(conf));
        dl4j.init();
        INDArray[] in = inputs(first, flat, type);
        INDArray labels = RandomArrays.binaryLabels(type, 4, B);
        Backprop theirs = new Backprop(withDl4jLayers(conf), dl4j.params(), in, labels);
        Backprop ours = new Backprop(conf, dl4j.params(), in, labels);
        assertInstanceOf(TowerConvolutionImpl.class, ours.net.getLayer(GraphNames.towerLayer(0)));

        double tol = type == DataType.DOUBLE ? 1e-10 : 1e-4;
        assertEquals(theirs.net.score(), ours.net.score(), tol * Math.max(1, Math.abs(theirs.net.score())));
        INDArray expected = theirs.net.gradient().gradient(), actual = ours.net.gradient().gradient();
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        assertTrue(expected.sub(actual).amaxNumber().doubleValue() <= tol * scale,
                "gradients differ by " + expected.sub(actual).amaxNumber() + " (largest " + scale + ")");

        for (String input : conf.getNetworkInputs()) {
            INDArray dl4jEps = theirs.inputEpsilons.get(input);
            assertNotNull(dl4jEps);
            if (first.weightsOnly) {
                assertNull(ours.inputEpsilons.get(input), "no gradient for the images");
            } else {
                assertTrue(dl4jEps.equalsWithEps(ours.inputEpsilons.get(input), tol), "DL4J's route computes it");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firsts")
    void askedForTheInputGradientGivesDl4jsOne(First first) {
        ComputationGraphConfiguration conf = siamese(tower(first, true), DataType.DOUBLE, true);
        ComputationGraph dl4j = new ComputationGraph(withDl4jLayers(conf));
        dl4j.init();
        INDArray[] in = inputs(first, true, DataType.DOUBLE);
        INDArray labels = RandomArrays.binaryLabels(DataType.DOUBLE, 4, B);
        Backprop theirs = new Backprop(withDl4jLayers(conf), dl4j.params(), in, labels);
        Backprop ours = new Backprop(conf, dl4j.params(), in, labels);

        for (String input : conf.getNetworkInputs()) {
            INDArray dl4jEps = theirs.inputEpsilons.get(input);
            assertTrue(dl4jEps.amaxNumber().doubleValue() > 0);
            assertTrue(dl4jEps.equalsWithEps(ours.inputEpsilons.get(input), 1e-12), input);
        }
    }

    @Test
    void theBuildersReplaceEveryConvolutionAndLeaveTheTowerAlone() {
        Tower tower = tower(firsts().get(0), true);
        for (boolean inputGradients : new boolean[]{false, true}) {
            ComputationGraphConfiguration conf = siamese(tower, DataType.FLOAT, inputGradients);
            TowerConvolutionLayer first = (TowerConvolutionLayer) layer(conf, 0), second = (TowerConvolutionLayer) layer(conf, 1);
            assertEquals(inputGradients, first.isInputGradient());
            assertTrue(second.isInputGradient());
            assertEquals(inputGradients ? FeedForwardToCnnPreProcessor.class : FlatImagesPreProcessor.class,
                    ((LayerVertex) conf.getVertices().get(GraphNames.towerLayer(0))).getPreProcessor().getClass());
            assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        }
        for (boolean inputGradients : new boolean[]{false, true}) {      // what the builders and hand-built graphs use
            List<Layer> asBuilt = tower.graphLayers(inputGradients);
            assertEquals(inputGradients, ((TowerConvolutionLayer) asBuilt.get(0)).isInputGradient());
            assertTrue(((TowerConvolutionLayer) asBuilt.get(1)).isInputGradient());
            assertEquals(DenseLayer.class, asBuilt.get(2).getClass());
        }
        assertEquals(ConvolutionLayer.class, tower.getLayers().get(0).getClass(), "the user's tower was changed");
        assertEquals(ConvolutionLayer.class, tower.getLayers().get(1).getClass());
    }

    private static Layer layer(ComputationGraphConfiguration conf, int i) {
        return ((LayerVertex) conf.getVertices().get(GraphNames.towerLayer(i))).getLayerConf().getLayer();
    }

    @ParameterizedTest(name = "flat rows {0}")
    @MethodSource("flatOrNot")
    void gradientsAreRight(boolean flat) {
        First first = firsts().get(0);                     // ReLU first layer: the vectorised ReLU and the weights-only route
        ComputationGraphConfiguration conf = SiameseGraph.builder().tower(tower(first, flat))
                .loss(new LossContrastive()).updater(new NoOp()).dataType(DataType.DOUBLE).seed(5).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(inputs(first, flat, DataType.DOUBLE)).labels(new INDArray[]{RandomArrays.binaryLabels(DataType.DOUBLE, 4, B)})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check failed");
    }

    static Stream<Boolean> flatOrNot() {
        return Stream.of(false, true);
    }

    @Test
    void modelSerializerKeepsTheLayersAndTheyTrainAlike(@TempDir File dir) throws IOException {
        First first = firsts().get(0);
        ComputationGraph net = new ComputationGraph(siamese(tower(first, true), DataType.FLOAT, false));
        net.init();
        File file = new File(dir, "net.zip");
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);

        assertEquals(net.getConfiguration(), back.getConfiguration());
        assertInstanceOf(TowerConvolutionImpl.class, back.getLayer(GraphNames.towerLayer(0)));
        assertInstanceOf(FlatImagesPreProcessor.class,
                ((LayerVertex) back.getConfiguration().getVertices().get(GraphNames.towerLayer(0))).getPreProcessor());
        INDArray[] in = inputs(first, true, DataType.FLOAT);
        assertEquals(net.outputSingle(in), back.outputSingle(in));
        org.nd4j.linalg.dataset.MultiDataSet ds = new org.nd4j.linalg.dataset.MultiDataSet(in,
                new INDArray[]{RandomArrays.binaryLabels(DataType.FLOAT, 4, B)});
        net.fit(ds);
        back.fit(ds);
        assertEquals(net.params(), back.params());
    }
}
