package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.graph.conv.TowerConvolutionLayer;
import io.github.dl4jlosses.graph.pooling.Libnd4jSubsamplingImpl;
import io.github.dl4jlosses.graph.pooling.Libnd4jSubsamplingLayer;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.testutil.DoublePrecision;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
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

import java.io.File;
import java.io.IOException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The builders put a {@link Libnd4jSubsamplingLayer} in place of each {@code SubsamplingLayer} of the tower: the
 * configuration keeps the options (and the user's tower is left as it was), the network trains with correct gradients
 * (DL4J's GradientCheckUtil, double) and survives ModelSerializer with its pooling layers.
 */
@ExtendWith(DoublePrecision.class)
class TowerPoolingTest {
    private static final int B = 4;

    /** Conv 3×3 (1→2) on 8×8, 2×2 pooling with stride 2 and padding 1 (→ 4×4), dense → 3. */
    private static Tower pooled(PoolingType type, boolean padInDivisor) {
        return Tower.of(InputType.convolutional(8, 8, 1),
                new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.TANH).build(),
                new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2).padding(1, 1).pnorm(2)
                        .avgPoolIncludePadInDivisor(padInDivisor).build(),
                new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build());
    }

    private static Tower pooled(PoolingType type) {
        return pooled(type, false);
    }

    static Stream<Arguments> poolings() {
        return Stream.of(Arguments.of(PoolingType.MAX, false), Arguments.of(PoolingType.AVG, false),
                Arguments.of(PoolingType.AVG, true), Arguments.of(PoolingType.PNORM, false));
    }

    private static ComputationGraphConfiguration siamese(Tower tower) {
        return SiameseGraph.builder().tower(tower).loss(new LossContrastive()).updater(new NoOp())
                .dataType(DataType.DOUBLE).seed(3).build();
    }

    private static INDArray[] inputs() {
        return new INDArray[]{RandomArrays.gaussian(DataType.DOUBLE, 1, B, 64).reshape('c', B, 1, 8, 8),
                RandomArrays.gaussian(DataType.DOUBLE, 2, B, 64).reshape('c', B, 1, 8, 8)};
    }

    @Test
    void theTowersPoolingLayerGoesInWithItsOptionsAndTheTowerIsUntouched() {
        Tower tower = pooled(PoolingType.MAX);
        ComputationGraphConfiguration conf = siamese(tower);

        org.deeplearning4j.nn.conf.layers.Layer inGraph =
                ((LayerVertex) conf.getVertices().get(GraphNames.towerLayer(1))).getLayerConf().getLayer();
        assertInstanceOf(Libnd4jSubsamplingLayer.class, inGraph);
        assertEquals(SubsamplingLayer.class, tower.getLayers().get(1).getClass(), "the user's tower was changed");
        SubsamplingLayer expected = (SubsamplingLayer) tower.getLayers().get(1).clone();
        expected.setLayerName(inGraph.getLayerName());    // DL4J names a graph's layers after their vertices
        assertEquals(ConvolutionMode.Truncate, ((SubsamplingLayer) inGraph).getConvolutionMode());
        expected.setConvolutionMode(ConvolutionMode.Truncate);    // the graph's global default, set when it was built
        assertEquals(expected, inGraph);
        assertInstanceOf(TowerConvolutionLayer.class,                  // its own substitution (TowerConvolutionLayerTest)
                ((LayerVertex) conf.getVertices().get(GraphNames.towerLayer(0))).getLayerConf().getLayer());
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    }

    @ParameterizedTest(name = "{0}, pad in divisor {1}")
    @MethodSource("poolings")
    void gradientsAreRight(PoolingType type, boolean padInDivisor) {
        ComputationGraph net = new ComputationGraph(siamese(pooled(type, padInDivisor)));
        net.init();
        assertInstanceOf(Libnd4jSubsamplingImpl.class, net.getLayer(GraphNames.towerLayer(1)));
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(inputs()).labels(new INDArray[]{RandomArrays.binaryLabels(DataType.DOUBLE, 4, B)})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check failed with " + type + " pooling");
    }

    @Test
    void modelSerializerKeepsThePoolingLayer(@TempDir File dir) throws IOException {
        ComputationGraph net = new ComputationGraph(siamese(pooled(PoolingType.MAX)));
        net.init();
        File file = new File(dir, "net.zip");
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);

        assertInstanceOf(Libnd4jSubsamplingImpl.class, back.getLayer(GraphNames.towerLayer(1)));
        assertEquals(net.getConfiguration(), back.getConfiguration());
        assertEquals(net.outputSingle(inputs()), back.outputSingle(inputs()));
    }
}
