package io.github.dl4jlosses.backendtests;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Shared-weight graphs wired by hand, as DESIGN.md ("Shared weights in a ComputationGraph") lays them
 * out: the inputs go through one {@link StackVertex} → Dense(tanh) → Dense(identity) tower, are split
 * again by {@link UnstackVertex}, merged side by side and scored by a {@link LossLayer}.
 */
public final class HandWiredGraphs {
    static final int HIDDEN = 8;
    static final int EMBED = 4;

    private HandWiredGraphs() {
    }

    /** Two inputs {@code left, right} → tower → {@code [eL | eR]} → loss. */
    public static ComputationGraphConfiguration siamese(DataType type, ILossFunction loss, IUpdater updater) {
        return tower(type, loss, updater, "left", "right");
    }

    /** Three inputs {@code anchor, positive, negative} → tower → {@code [a | p | n]} → loss. */
    public static ComputationGraphConfiguration triplet(DataType type, ILossFunction loss, IUpdater updater) {
        return tower(type, loss, updater, "anchor", "positive", "negative");
    }

    private static ComputationGraphConfiguration tower(DataType type, ILossFunction loss, IUpdater updater,
                                                       String... inputs) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(type).updater(updater).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(inputs)
                .addVertex("stack", new StackVertex(), inputs)
                .addLayer("hidden", new DenseLayer.Builder().nIn(Batches.FEATURES).nOut(HIDDEN)
                        .activation(Activation.TANH).build(), "stack")
                .addLayer("embed", new DenseLayer.Builder().nIn(HIDDEN).nOut(EMBED)
                        .activation(Activation.IDENTITY).build(), "hidden");
        String[] branches = new String[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            branches[i] = inputs[i] + "Embed";
            g.addVertex(branches[i], new UnstackVertex(i, inputs.length), "embed");
        }
        return g.addVertex("merged", new MergeVertex(), branches)
                .addLayer("loss", new LossLayer.Builder(loss).activation(Activation.IDENTITY).build(), "merged")
                .setOutputs("loss")
                .build();
    }
}
