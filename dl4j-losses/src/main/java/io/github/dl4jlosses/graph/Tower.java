package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.graph.conv.TowerConvolutionLayer;
import io.github.dl4jlosses.graph.pooling.Libnd4jSubsamplingLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The embedding network shared by every branch of a graph: DL4J layer configurations (dense, convolutional,
 * pooling, batch normalisation, ...) applied in order to inputs of one {@link InputType}.
 * <p>
 * The tower must end in feed-forward activations {@code [B, D]} (end a convolutional tower with a
 * {@code DenseLayer} or a {@code GlobalPoolingLayer}); {@code nIn} values and CNN→dense preprocessors are
 * inferred from the input type. The layers are cloned on the way in and on the way out, so one
 * {@code Tower} can build any number of graphs.
 */
public final class Tower {
    private final InputType inputType;
    private final List<Layer> layers;

    private Tower(InputType inputType, List<Layer> layers) {
        this.inputType = Objects.requireNonNull(inputType, "Tower: inputType");
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("Tower: expected at least one layer, got none");
        }
        List<Layer> copy = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l == null) {
                throw new IllegalArgumentException("Tower: layer " + i + " is null");
            }
            copy.add(l.clone());
        }
        this.layers = Collections.unmodifiableList(copy);
        long d = outputSize();
        if (d <= 0) {
            throw new IllegalArgumentException("Tower: expected a positive embedding size, got " + d);
        }
    }

    /** A tower of the given layers for inputs of the given type. */
    public static Tower of(InputType inputType, Layer... layers) {
        return new Tower(inputType, layers == null ? null : Arrays.asList(layers));
    }

    /** A tower of the given layers for inputs of the given type. */
    public static Tower of(InputType inputType, List<Layer> layers) {
        return new Tower(inputType, layers);
    }

    /** @return the input type of the tower's first layer */
    public InputType getInputType() {
        return inputType;
    }

    /** Fresh clones of the layer configurations, in order. */
    public List<Layer> getLayers() {
        List<Layer> out = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            out.add(l.clone());
        }
        return out;
    }

    /**
     * Fresh clones of the layer configurations as the graph builders put them in a graph: each
     * {@code ConvolutionLayer} as a {@link TowerConvolutionLayer} (the first layer, fed by the network's inputs, with
     * {@code inputGradient = inputGradients}), each {@code SubsamplingLayer} as a {@link Libnd4jSubsamplingLayer};
     * every other layer as it is. For a graph built by hand around this tower, as the example trainer's classifier.
     */
    public List<Layer> graphLayers(boolean inputGradients) {
        List<Layer> out = getLayers();
        for (int i = 0; i < out.size(); i++) {
            Layer layer = TowerConvolutionLayer.replacing(out.get(i), inputGradients || i > 0);
            out.set(i, Libnd4jSubsamplingLayer.replacing(layer));
        }
        return out;
    }

    /** @return the number of layers in the tower */
    public int size() {
        return layers.size();
    }

    /**
     * The embedding width D (the tower's output size).
     *
     * @throws IllegalArgumentException if the tower does not end in feed-forward activations
     */
    public long outputSize() {
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs(GraphNames.INPUT).setInputTypes(inputType);
        String prev = GraphNames.INPUT;
        List<Layer> ls = getLayers();
        for (int i = 0; i < ls.size(); i++) {
            gb.addLayer(GraphNames.towerLayer(i), ls.get(i), prev);
            prev = GraphNames.towerLayer(i);
        }
        Map<String, InputType> types;
        try {
            types = gb.setOutputs(prev).getLayerActivationTypes();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Tower: the layers do not accept input of type " + inputType
                    + ": " + e.getMessage(), e);
        }
        InputType out = types.get(prev);
        if (!(out instanceof InputType.InputTypeFeedForward)) {
            throw new IllegalArgumentException("Tower: expected the last layer to output feed-forward [B, D]"
                    + " embeddings (end with a DenseLayer or GlobalPoolingLayer), got " + out);
        }
        return ((InputType.InputTypeFeedForward) out).getSize();
    }

    @Override
    public String toString() {
        return "Tower(" + inputType + ", " + layers.size() + " layers)";
    }
}
