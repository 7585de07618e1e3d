package io.github.dl4jlosses.samediff;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A hand-built DL4J Siamese {@code ComputationGraph} (the layout of DESIGN.md): inputs left, right →
 * StackVertex → Dense(tanh) → Dense(identity) → UnstackVertex(0,2), UnstackVertex(1,2) → MergeVertex →
 * LossLayer(loss). One set of tower weights serves both branches. Plain SGD, no regularisation.
 */
final class SiameseGraphs {
    static final String[] TOWER = {"dense0", "dense1"};

    private SiameseGraphs() {
    }

    static ComputationGraphConfiguration configuration(ILossFunction loss, int nIn, int hidden, int embedding,
                                                       double learningRate, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .updater(new Sgd(learningRate))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("left", "right")
                .addVertex("stack", new StackVertex(), "left", "right")
                .addLayer(TOWER[0], new DenseLayer.Builder().nIn(nIn).nOut(hidden).activation(Activation.TANH).build(),
                        "stack")
                .addLayer(TOWER[1], new DenseLayer.Builder().nIn(hidden).nOut(embedding)
                        .activation(Activation.IDENTITY).build(), TOWER[0])
                .addVertex("unstack0", new UnstackVertex(0, 2), TOWER[1])
                .addVertex("unstack1", new UnstackVertex(1, 2), TOWER[1])
                .addVertex("merge", new MergeVertex(), "unstack0", "unstack1")
                .addLayer("loss", new LossLayer.Builder(loss).activation(Activation.IDENTITY).build(), "merge")
                .setOutputs("loss")
                .build();
    }

    static ComputationGraph network(ILossFunction loss, int nIn, int hidden, int embedding, double learningRate,
                                    long seed) {
        ComputationGraph cg = new ComputationGraph(configuration(loss, nIn, hidden, embedding, learningRate, seed));
        cg.init();
        return cg;
    }
}
