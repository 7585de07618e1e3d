package io.github.dl4jlosses.heads;

import io.github.dl4jlosses.testutil.DoublePrecision;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.File;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heads as the output layer of a MultiLayerNetwork: DL4J's GradientCheckUtil, score and gradients against
 * {@link CosineHead#computeLoss}, JSON and ModelSerializer round trips, training, the sub-centre angles.
 */
@ExtendWith(DoublePrecision.class)
class HeadNetworkTest {
    static final int B = 6;
    static final int IN = 4;
    static final int D = 3;
    static final int C = 3;

    static MultiLayerConfiguration config(CosineHead head, IUpdater updater, DataType type) {
        return new NeuralNetConfiguration.Builder().seed(3).updater(updater).dataType(type)
                .list()
                .layer(new DenseLayer.Builder().nOut(D).activation(Activation.TANH).build())
                .layer(head)
                .setInputType(InputType.feedForward(IN))
                .build();
    }

    static MultiLayerNetwork net(CosineHead head, IUpdater updater, DataType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(config(head, updater, type));
        net.init();
        return net;
    }

    /** nIn is left to the input type, as a user would. */
    static CosineHead head(HeadCase hc) {
        CosineHead h = hc.head(D, C);
        h.setNIn(0);
        return h;
    }

    @ParameterizedTest
    @EnumSource(HeadCase.class)
    void gradientCheckUtilOnANetworkEndingInTheHead(HeadCase hc) {
        MultiLayerNetwork net = net(head(hc), new NoOp(), DataType.DOUBLE);
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 21, B, IN);
        INDArray labels = RandomArrays.classIds(DataType.DOUBLE, 22, B, C);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                .labels(labels).labelMask(RandomArrays.maskWithHoles(DataType.DOUBLE, B))
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, hc.name());
    }

    /** The network's score and head gradient are the head's own loss of the dense layer's output. */
    @ParameterizedTest
    @EnumSource(HeadCase.class)
    void networkScoreAndGradientAreTheHeadsLoss(HeadCase hc) {
        CosineHead h = head(hc);
        MultiLayerNetwork net = net(h, new NoOp(), DataType.DOUBLE);
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 23, B, IN);
        INDArray labels = RandomArrays.classIds(DataType.DOUBLE, 24, B, C);
        net.setInput(x);
        net.setLabels(labels);
        net.computeGradientAndScore();
        INDArray embeddings = net.feedForwardToLayer(0, x, false).get(1);
        INDArray w = net.getLayer(1).getParam(CosineHeadParamInitializer.WEIGHT_KEY);
        HeadResult r = ((CosineHead) net.getLayer(1).conf().getLayer()).computeLoss(embeddings, w, labels, null, true);
        assertEquals(r.score(), net.score(), 1e-12);
        assertEquals(r.weightGradient(), net.gradient().getGradientFor("1_W"));
        assertEquals(r.score(), net.scoreExamples(new DataSet(x, labels), false).meanNumber().doubleValue(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(HeadCase.class)
    void outputIsTheClassCosines(HeadCase hc) {
        MultiLayerNetwork net = net(head(hc), new NoOp(), DataType.DOUBLE);
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 25, B, IN);
        INDArray out = net.output(x);
        assertEquals(B, out.size(0));
        assertEquals(C, out.size(1));
        INDArray embeddings = net.feedForwardToLayer(0, x, false).get(1);
        CosineHead h = (CosineHead) net.getLayer(1).conf().getLayer();
        double[][] naive = NaiveHeads.classCosines(RandomArrays.toDouble(embeddings),
                RandomArrays.toDouble(net.getLayer(1).getParam("W")), C, h.subCentres());
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < C; j++) {
                assertEquals(naive[i][j], out.getDouble(i, j), 1e-12);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HeadCase.class)
    void jsonRoundTripKeepsEveryOption(HeadCase hc) {
        MultiLayerConfiguration conf = config(head(hc), new Adam(1e-3), DataType.FLOAT);
        String json = conf.toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf.getConf(1).getLayer(), back.getConf(1).getLayer());
        assertEquals(json, back.toJson());
        CosineHead h = (CosineHead) back.getConf(1).getLayer();
        assertEquals(hc.head(D, C).getClass(), h.getClass());
        assertEquals(hc.head(D, C).subCentres(), h.subCentres());
    }

    @ParameterizedTest
    @EnumSource(HeadCase.class)
    void modelSerializerRoundTripKeepsClassWeightsAndScores(HeadCase hc, @TempDir File dir) throws IOException {
        MultiLayerNetwork net = net(head(hc), new Adam(1e-2), DataType.DOUBLE);
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 26, B, IN);
        INDArray labels = RandomArrays.classIds(DataType.DOUBLE, 27, B, C);
        net.fit(x, labels);
        File f = new File(dir, "net.zip");
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertEquals(net.params(), back.params());
        assertEquals(net.output(x), back.output(x));
        assertEquals(net.score(new DataSet(x, labels)), back.score(new DataSet(x, labels)), 0.0);
        assertEquals(net.getLayer(1).conf().getLayer(), back.getLayer(1).conf().getLayer());
    }

    @ParameterizedTest
    @EnumSource(HeadCase.class)
    void trainingLowersTheLossInFloat(HeadCase hc) {
        MultiLayerNetwork net = net(head(hc), new Adam(5e-2), DataType.FLOAT);
        INDArray labels = RandomArrays.classIds(DataType.FLOAT, 28, 24, C);
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 29, 24, IN).muli(0.3);
        for (int i = 0; i < 24; i++) {
            x.putScalar(i, labels.getInt(i, 0), x.getDouble(i, labels.getInt(i, 0)) + 2.0);   // separable
        }
        DataSet ds = new DataSet(x, labels);
        INDArray w0 = net.getLayer(1).getParam("W").dup();
        double before = net.score(ds);
        for (int i = 0; i < 30; i++) {
            net.fit(ds);
        }
        double after = net.score(ds);
        assertTrue(after < 0.7 * before, hc + ": " + before + " -> " + after);
        assertNotEquals(w0, net.getLayer(1).getParam("W"), "class weights are trained");
        int[] predicted = net.predict(x);
        int correct = 0;
        for (int i = 0; i < 24; i++) {
            correct += predicted[i] == labels.getInt(i, 0) ? 1 : 0;
        }
        assertTrue(correct >= 20, hc + ": " + correct + "/24 correct");
    }

    /** The layer's own updater trains the proxies at their own learning rate (the paper's 100× proxy lr). */
    @Test
    void proxiesTakeTheLayersOwnLearningRate() {
        CosineHead slow = new ProxyAnchor.Builder().nOut(C).build();
        CosineHead fast = new ProxyAnchor.Builder().nOut(C).updater(new Sgd(100.0)).build();
        INDArray x = RandomArrays.gaussian(DataType.DOUBLE, 30, B, IN);
        INDArray labels = RandomArrays.classIds(DataType.DOUBLE, 31, B, C);
        MultiLayerNetwork a = net(slow, new Sgd(1.0), DataType.DOUBLE);
        MultiLayerNetwork b = net(fast, new Sgd(1.0), DataType.DOUBLE);
        assertEquals(a.params(), b.params());
        INDArray w0 = a.getLayer(1).getParam("W").dup();
        a.fit(x, labels);
        b.fit(x, labels);
        INDArray stepA = a.getLayer(1).getParam("W").sub(w0);
        INDArray stepB = b.getLayer(1).getParam("W").sub(w0);
        assertEquals(0.0, stepB.sub(stepA.mul(100.0)).amaxNumber().doubleValue(), 1e-9 * stepB.amaxNumber().doubleValue());
        assertEquals(a.getLayer(0).getParam("W"), b.getLayer(0).getParam("W"), "the tower keeps the network's rate");
    }

    @Test
    void dominantSubCentreAnglesMatchNaiveLoops() {
        MultiLayerNetwork net = net(head(HeadCase.SUBCENTER_ARCFACE), new NoOp(), DataType.DOUBLE);
        SubCenterArcFaceLayer layer = (SubCenterArcFaceLayer) net.getLayer(1);
        INDArray e = RandomArrays.gaussian(DataType.DOUBLE, 32, B, D);
        INDArray ids = RandomArrays.classIds(DataType.DOUBLE, 33, B, C);
        INDArray angles = layer.dominantAngles(e, ids);
        double[][] w = RandomArrays.toDouble(layer.classWeights());
        double[][] x = RandomArrays.toDouble(e);
        for (int i = 0; i < B; i++) {
            int y = ids.getInt(i, 0);
            double smallest = Double.POSITIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                double dot = 0, nx = 0, nw = 0;
                for (int t = 0; t < D; t++) {
                    dot += x[i][t] * w[t][y * 3 + k];
                    nx += x[i][t] * x[i][t];
                    nw += w[t][y * 3 + k] * w[t][y * 3 + k];
                }
                smallest = Math.min(smallest, Math.acos(dot / Math.sqrt(nx * nw)));
            }
            assertEquals(smallest, angles.getDouble(i, 0), 1e-12);
        }
        assertEquals(angles, layer.dominantAngles(e, HeadLossTest.oneHotOf(ids, C)));
    }
}
