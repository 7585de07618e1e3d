package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.testutil.DoublePrecision;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.extension.ExtendWith;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each pair/tuple loss at the end of a MultiLayerNetwork and of a ComputationGraph: DL4J's own
 * GradientCheckUtil over all parameters, JSON configuration round trip, and ModelSerializer
 * write/restore with identical output and score.
 */
@ExtendWith(DoublePrecision.class)
class NetworkIntegrationTest {
    private static final int B = 6;
    private static final int N_IN = 4;
    private static final int D = 3;

    @TempDir
    File tmp;

    static List<TupleLossCase> cases() {
        return TupleLossCase.all();
    }

    private static INDArray labels(TupleLossCase c) {
        return c.binaryLabels ? RandomArrays.binaryLabels(DataType.DOUBLE, 3, B) : Nd4j.zeros(DataType.DOUBLE, B, 1);
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(12345).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER);
    }

    static MultiLayerConfiguration mlnConf(ILossFunction loss, int width) {
        return base().list()
                .layer(new DenseLayer.Builder().nIn(N_IN).nOut(width).activation(Activation.TANH).build())
                .layer(new LossLayer.Builder(loss).activation(Activation.IDENTITY).build())
                .build();
    }

    static ComputationGraphConfiguration graphConf(ILossFunction loss, int width) {
        return base().graphBuilder().addInputs("in")
                .addLayer("embed", new DenseLayer.Builder().nIn(N_IN).nOut(width).activation(Activation.TANH).build(), "in")
                .addLayer("loss", new LossLayer.Builder(loss).activation(Activation.IDENTITY).build(), "embed")
                .setOutputs("loss").build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void multiLayerNetwork(TupleLossCase c) throws Exception {
        MultiLayerConfiguration conf = mlnConf(c.loss, c.blocks * D);
        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, fromJson, "JSON round trip");
        ILossFunction restoredLoss = ((LossLayer) fromJson.getConf(1).getLayer()).getLossFn();
        assertEquals(c.loss, restoredLoss);
        assertNotSame(c.loss, restoredLoss);

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 21, B, N_IN).muli(2);
        INDArray y = labels(c);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8));
        assertTrue(ok, c + ": GradientCheckUtil failed");

        File f = new File(tmp, "mln.zip");
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertEquals(net.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertEquals(net.output(x), restored.output(x));
        DataSet ds = new DataSet(x, y);
        double score = net.score(ds);
        assertTrue(score > 0, "a positive score makes the equality meaningful");
        assertEquals(score, restored.score(ds), 0.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void computationGraph(TupleLossCase c) throws Exception {
        ComputationGraphConfiguration conf = graphConf(c.loss, c.blocks * D);
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()), "JSON round trip");

        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 22, B, N_IN).muli(2);
        INDArray y = labels(c);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[]{x}).labels(new INDArray[]{y})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8));
        assertTrue(ok, c + ": GradientCheckUtil failed");

        File f = new File(tmp, "cg.zip");
        ModelSerializer.writeModel(net, f, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(net.getConfiguration(), restored.getConfiguration());
        assertEquals(net.outputSingle(x), restored.outputSingle(x));
        MultiDataSet mds = new MultiDataSet(x, y);
        double score = net.score(mds);
        assertTrue(score > 0);
        assertEquals(score, restored.score(mds), 0.0);
    }
}
