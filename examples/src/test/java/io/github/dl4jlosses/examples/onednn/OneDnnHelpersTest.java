package io.github.dl4jlosses.examples.onednn;

import io.github.dl4jlosses.graph.GraphNames;
import io.github.dl4jlosses.graph.OneDnnLayers;
import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.Tower;
import io.github.dl4jlosses.graph.pooling.Libnd4jSubsamplingImpl;
import io.github.dl4jlosses.ops.OneDnnNatives;
import io.github.dl4jlosses.loss.LossContrastive;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's oneDNN layer helpers, which the library turns on when the natives have oneDNN ({@link OneDnnLayers}), on
 * the oneDNN natives this module carries: the graph builders' networks get them, and a network with them trains
 * as one without them (same parameters after several steps, within float rounding; gradients right by finite
 * differences in double).
 */
class OneDnnHelpersTest {
    private static final int B = 8;

    @BeforeEach
    void onOneDnnNatives() {
        OneDnnJvm.assumeOneDnnNatives();
    }

    /**
     * Conv 3×3 (1→4) on 8×8, [batch normalisation,] 2×2 max-pool, dense 36→5: the layers that have oneDNN helpers in
     * DL4J (convolution, pooling and, with {@code batchNorm}, batch normalisation).
     */
    private static Tower tower(boolean batchNorm) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).build());
        if (batchNorm) layers.add(new BatchNormalization.Builder().build());
        layers.add(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        layers.add(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build());
        return Tower.of(InputType.convolutional(8, 8, 1), layers);
    }

    private static Tower tower() {
        return tower(false);
    }

    private static ComputationGraphConfiguration conf(DataType type, boolean gradientCheck) {
        return conf(type, gradientCheck, false);
    }

    private static ComputationGraphConfiguration conf(DataType type, boolean gradientCheck, boolean batchNorm) {
        return SiameseGraph.builder().tower(tower(batchNorm)).loss(new LossContrastive()).dataType(type).seed(3)
                .updater(gradientCheck ? new NoOp() : new Sgd(0.1)).build();
    }

    private static MultiDataSet data(DataType type) {
        Nd4j.getRandom().setSeed(11);
        INDArray labels = Nd4j.zeros(type, B, 1);
        for (int i = 0; i < B; i += 2) labels.putScalar(i, 0, 1);
        return new MultiDataSet(new INDArray[]{Nd4j.randn(type, B, 1, 8, 8), Nd4j.randn(type, B, 1, 8, 8)},
                new INDArray[]{labels});
    }

    @Test
    void theBuildersNetworksUseTheHelpers() {
        OneDnnJvm.withSwitch(null, () -> {
            ComputationGraph net = SiameseGraph.builder().tower(tower()).loss(new LossContrastive()).buildNetwork();
            assertEquals("false", System.getProperty(OneDnnLayers.DISABLE_PROPERTY), "the builder left DL4J's switch off");
            assertTrue(OneDnnLayers.enabled());
            assertInstanceOf(MKLDNNConvHelper.class, OneDnnJvm.helper(net, 0));
            // the tower's max pooling runs libnd4j's op: with oneDNN's kernel on an AVX-512 CPU, else libnd4j's own
            // (oneDNN pools the plain layout 3-5x slower there)
            Libnd4jSubsamplingImpl pool = assertInstanceOf(Libnd4jSubsamplingImpl.class,
                    net.getLayer(GraphNames.towerLayer(1)));
            assertEquals(OneDnnNatives.avx512Cpu(), pool.usesOneDnnKernels());
            assertEquals(!OneDnnNatives.avx512Cpu(), pool.usesOwnKernels());
            assertFalse(pool.getHelper() instanceof MKLDNNSubsamplingHelper);
            return net;
        });
    }

    @ParameterizedTest(name = "batchNorm={0}")
    @ValueSource(booleans = {false, true})
    void withAndWithoutTheHelpersTrainingGivesTheSameParameters(boolean batchNorm) {
        ComputationGraph plain = OneDnnJvm.created("true", () -> conf(DataType.FLOAT, false, batchNorm));
        ComputationGraph oneDnn = OneDnnJvm.created("false", () -> conf(DataType.FLOAT, false, batchNorm));
        assertNull(OneDnnJvm.helper(plain, 0));
        assertInstanceOf(MKLDNNConvHelper.class, OneDnnJvm.helper(oneDnn, 0));
        if (batchNorm) assertInstanceOf(MKLDNNBatchNormHelper.class, OneDnnJvm.helper(oneDnn, 1));
        oneDnn.setParams(plain.params().dup());
        INDArray initial = plain.params().dup();
        MultiDataSet data = data(DataType.FLOAT);
        for (int step = 0; step < 5; step++) {
            plain.fit(data);
            oneDnn.fit(data);
            assertEquals(plain.score(), oneDnn.score(), 1e-5 * Math.max(1, Math.abs(plain.score())), "score at step " + step);
        }
        INDArray a = plain.params(), b = oneDnn.params();
        double scale = a.amaxNumber().doubleValue();
        double diff = a.sub(b).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5 * scale, "parameters after 5 steps differ by " + diff + " (largest " + scale + ")");
        assertTrue(a.sub(initial).amaxNumber().doubleValue() > 1e3 * diff, "the steps hardly moved the parameters");
    }

    @Test
    void gradientsWithTheHelpersPassDl4jsGradientCheck() {
        DataType savedDefault = Nd4j.dataType(), savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph net = OneDnnJvm.created("false", () -> conf(DataType.DOUBLE, true));
            assertInstanceOf(MKLDNNConvHelper.class, OneDnnJvm.helper(net, 0));
            MultiDataSet data = data(DataType.DOUBLE);
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(data.getFeatures()).labels(data.getLabels())
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)), "gradient check with the oneDNN helpers");
        } finally {
            Nd4j.setDefaultDataTypes(savedDefault, savedFloat);
        }
    }
}
