package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The element-wise |a − b| vertex: hand-worked forward and backward, a gradient check, JSON. */
class AbsDifferenceVertexTest {
    private static final double[][] A = {{1.0, -2.0, 0.5}, {3.0, 0.0, -1.0}};
    private static final double[][] B = {{0.5, 1.0, 0.5}, {-1.0, 2.0, -4.0}};

    private static AbsDifferenceVertexImpl vertex(DataType type) {
        AbsDifferenceVertexImpl v = (AbsDifferenceVertexImpl) new AbsDifferenceVertex()
                .instantiate(null, "abs", 0, null, false, type);
        v.setInputs(new INDArray[]{Nd4j.createFromArray(A).castTo(type), Nd4j.createFromArray(B).castTo(type)});
        return v;
    }

    @Test
    void forwardByHand() {
        INDArray out = vertex(DataType.DOUBLE).doForward(false, LayerWorkspaceMgr.noWorkspaces());
        double[][] expected = {{0.5, 3.0, 0.0}, {4.0, 2.0, 3.0}};
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(expected[i], out.getRow(i).toDoubleVector(), 0.0);
        }
    }

    @Test
    void backwardByHand() {
        AbsDifferenceVertexImpl v = vertex(DataType.DOUBLE);
        v.doForward(true, LayerWorkspaceMgr.noWorkspaces());
        v.setEpsilon(Nd4j.createFromArray(new double[][]{{10, 20, 30}, {40, 50, 60}}));
        Pair<Gradient, INDArray[]> p = v.doBackward(false, LayerWorkspaceMgr.noWorkspaces());
        assertNull(p.getFirst(), "no parameters, no parameter gradient");
        // sign(a - b) = [[+, -, 0], [+, -, +]]; the tie a = b gets the subgradient 0
        double[][] da = {{10, -20, 0}, {40, -50, 60}};
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(da[i], p.getSecond()[0].getRow(i).toDoubleVector(), 0.0);
            assertArrayEquals(Nd4j.createFromArray(da[i]).neg().toDoubleVector(),
                    p.getSecond()[1].getRow(i).toDoubleVector(), 0.0);
        }
    }

    @Test
    void worksOnFourDimensionalActivationsAndFloat() {
        AbsDifferenceVertexImpl v = (AbsDifferenceVertexImpl) new AbsDifferenceVertex()
                .instantiate(null, "abs", 0, null, false, DataType.FLOAT);
        INDArray a = Nd4j.linspace(-3, 3, 24, DataType.FLOAT).reshape(2, 3, 2, 2);
        INDArray b = Nd4j.ones(DataType.FLOAT, 2, 3, 2, 2);
        v.setInputs(new INDArray[]{a, b});
        INDArray out = v.doForward(false, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(DataType.FLOAT, out.dataType());
        assertArrayEquals(a.shape(), out.shape());
        for (long i = 0; i < a.length(); i++) {
            assertEquals(Math.abs(a.getDouble(i) - 1.0), out.getDouble(i), 1e-6);
        }
    }

    @Test
    void rejectsInputsOfDifferentShape() {
        AbsDifferenceVertexImpl v = (AbsDifferenceVertexImpl) new AbsDifferenceVertex()
                .instantiate(null, "abs", 0, null, false, DataType.DOUBLE);
        v.setInputs(new INDArray[]{Nd4j.zeros(DataType.DOUBLE, 2, 3), Nd4j.zeros(DataType.DOUBLE, 2, 4)});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> v.doForward(false, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
        assertThrows(InvalidInputTypeException.class, () -> new AbsDifferenceVertex()
                .getOutputType(0, InputType.feedForward(3), InputType.feedForward(4)));
    }

    /** Two separate (unshared) dense layers into |a − b|, so each input's gradient is checked on its own. */
    @Test
    void gradientCheckWithSeparateBranches() {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new NoOp())
                    .dataType(DataType.DOUBLE).graphBuilder()
                    .addInputs("a", "b").setInputTypes(InputType.feedForward(3), InputType.feedForward(3))
                    .addLayer("da", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "a")
                    .addLayer("db", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "b")
                    .addVertex("abs", new AbsDifferenceVertex(), "da", "db")
                    .addLayer("out", new OutputLayer.Builder(new LossBinaryXENT()).nOut(1)
                            .activation(Activation.SIGMOID).build(), "abs")
                    .setOutputs("out").build();
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            INDArray a = RandomArrays.gaussian(DataType.DOUBLE, 11, 5, 3);
            INDArray b = RandomArrays.gaussian(DataType.DOUBLE, 12, 5, 3);
            INDArray y = Nd4j.createFromArray(new double[][]{{1}, {0}, {1}, {0}, {0}});
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(new INDArray[]{a, b}).labels(new INDArray[]{y})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }

    @Test
    void configurationContract() {
        GraphVertex v = new AbsDifferenceVertex();
        assertEquals(v, v.clone());
        assertEquals(v.hashCode(), v.clone().hashCode());
        assertEquals(0, v.numParams(true));
        assertEquals(2, v.minVertexInputs());
        assertEquals(2, v.maxVertexInputs());
        InputType cnn = InputType.convolutional(4, 4, 2);
        assertEquals(cnn, v.getOutputType(0, cnn, cnn));
    }
}
