package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.graph.conv.TowerConvolutionLayer;
import io.github.dl4jlosses.graph.pooling.Libnd4jSubsamplingLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.Arrays;
import java.util.List;

/**
 * Wires one tower into a graph so that k inputs share its weights:
 * {@code inputs ─▶ stack ─▶ tower ─▶ [l2norm] ─▶ branch_0 … branch_{k-1}}.
 * The stack puts the k mini-batches one after the other ({@code [k·B, …]}); each {@code UnstackVertex}
 * takes its input's B rows back out, so every branch sees the same parameters. The tower's layers go in as
 * {@link Tower#graphLayers} gives them: each {@code SubsamplingLayer} as a {@link Libnd4jSubsamplingLayer} (same
 * options; faster pooling on ND4J's oneDNN natives), each {@code ConvolutionLayer} as a {@link TowerConvolutionLayer}
 * (same options; faster backprop), the first one without the gradient with respect to the images unless
 * {@code inputGradients}.
 */
final class TowerWiring {
    private TowerWiring() {
    }

    /** Adds the inputs, the shared tower and the branches; returns the branch vertex names, in input order. */
    static String[] shared(ComputationGraphConfiguration.GraphBuilder gb, Tower tower, boolean l2Normalize,
                           boolean inputGradients, String... inputs) {
        int k = inputs.length;
        InputType[] types = new InputType[k];
        Arrays.fill(types, tower.getInputType());
        gb.addInputs(inputs).setInputTypes(types);
        gb.addVertex(GraphNames.STACK, new StackVertex(), inputs);
        String last = towerLayers(gb, tower, l2Normalize, inputGradients, GraphNames.STACK);
        String[] branches = new String[k];
        for (int j = 0; j < k; j++) {
            branches[j] = GraphNames.branch(j);
            gb.addVertex(branches[j], new UnstackVertex(j, k), last);
        }
        return branches;
    }

    /** Adds the single input {@link GraphNames#INPUT} and the tower; returns the name of the embedding vertex. */
    static String single(ComputationGraphConfiguration.GraphBuilder gb, Tower tower, boolean l2Normalize,
                         boolean inputGradients) {
        gb.addInputs(GraphNames.INPUT).setInputTypes(tower.getInputType());
        return towerLayers(gb, tower, l2Normalize, inputGradients, GraphNames.INPUT);
    }

    /**
     * The loss layer on {@code width} columns. {@code LossLayer.Builder} refuses nIn/nOut, and DL4J infers nIn only,
     * leaving nOut 0: the graph's output type then becomes {@code feedForward(0)}, which DL4J warns about ("Assigning
     * a size of zero") whenever it infers the graph's types. Setting both to the merged width removes the cause.
     */
    static LossLayer lossLayer(ILossFunction loss, long width) {
        LossLayer layer = new LossLayer.Builder(loss).activation(Activation.IDENTITY).build();
        layer.setNIn(width);
        layer.setNOut(width);
        return layer;
    }

    private static String towerLayers(ComputationGraphConfiguration.GraphBuilder gb, Tower tower,
                                      boolean l2Normalize, boolean inputGradients, String from) {
        String prev = from;
        List<Layer> layers = tower.graphLayers(inputGradients);
        for (int i = 0; i < layers.size(); i++) {
            gb.addLayer(GraphNames.towerLayer(i), layers.get(i), prev);
            prev = GraphNames.towerLayer(i);
        }
        if (l2Normalize) {
            gb.addVertex(GraphNames.L2_NORM, new L2NormalizeVertex(), prev);
            prev = GraphNames.L2_NORM;
        }
        return prev;
    }
}
