package io.github.dl4jlosses.graph;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tower taken from a trained network (a {@link MultiLayerNetwork}, a chain-shaped {@link ComputationGraph}, e.g.
 * restored with {@code ModelSerializer} or from DL4J's model zoo, or a multi-input graph built by this package, whose
 * shared tower is taken): its layers from the first up to and
 * including a named cut layer, with their trained weights, the first {@code freeze} of them wrapped in DL4J's
 * {@link FrozenLayer} (their parameters do not change while the rest fine-tunes).
 * <p>
 * Give {@link #tower()} to any graph builder of this package (or {@code builder.tower(pretrained)}), initialise
 * the graph, then {@link #copyWeightsInto(ComputationGraph)}; every branch then starts from the trained weights
 * and still shares one set of them. The copied layers keep their own configuration (activations, dropout,
 * regularisation) except the updater, which becomes the graph's, so fine-tuning uses the builder's learning rate.
 * <pre>{@code
 * MultiLayerNetwork classifier = ModelSerializer.restoreMultiLayerNetwork(file);
 * PretrainedTower pre = PretrainedTower.of(classifier, InputType.convolutionalFlat(28, 28, 1), "embedding", 2);
 * ComputationGraph net = SiameseGraph.builder().tower(pre)
 *         .loss(LossContrastive.builder().build()).updater(new Adam(1e-4)).buildNetwork();
 * }</pre>
 */
public final class PretrainedTower {
    private final Tower tower;
    private final List<String> sourceNames;
    private final List<Map<String, INDArray>> params;
    private final int frozen;

    private PretrainedTower(Tower tower, List<String> sourceNames, List<Map<String, INDArray>> params, int frozen) {
        this.tower = tower;
        this.sourceNames = Collections.unmodifiableList(sourceNames);
        this.params = params;
        this.frozen = frozen;
    }

    /**
     * The layers of {@code network} up to {@code cutAt} (a layer name, or its index as text); {@code null} cuts
     * just before the first output layer. The first {@code freeze} layers are frozen.
     *
     * @param network   a trained {@link MultiLayerNetwork} or {@link ComputationGraph} (initialised)
     * @param inputType what the tower's first layer receives (it is not stored in every saved network)
     * @param cutAt     name (or index) of the tower's last layer, or {@code null}
     * @param freeze    how many of the tower's first layers keep their weights, {@code 0 <= freeze < layers}
     * @return the tower with its weights
     * @throws IllegalArgumentException naming the layers there are, if {@code cutAt} is not one of them, the cut
     *                                  would include an output layer, {@code freeze} leaves nothing to train, or the
     *                                  graph is not a single chain of layers up to the cut
     */
    public static PretrainedTower of(Model network, InputType inputType, String cutAt, int freeze) {
        Objects.requireNonNull(network, "PretrainedTower: network");
        Objects.requireNonNull(inputType, "PretrainedTower: inputType");
        List<String> names = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        List<Map<String, INDArray>> params = new ArrayList<>();
        if (network instanceof MultiLayerNetwork) {
            MultiLayerNetwork mln = (MultiLayerNetwork) network;
            for (int i = 0; i < mln.getnLayers(); i++) {
                Layer l = mln.getLayerWiseConfigurations().getConf(i).getLayer();
                names.add(l.getLayerName() != null ? l.getLayerName() : String.valueOf(i));
                layers.add(l);
                params.add(mln.getLayer(i).paramTable());
            }
        } else if (network instanceof ComputationGraph) {
            ComputationGraph cg = (ComputationGraph) network;
            ComputationGraphConfiguration conf = cg.getConfiguration();
            if (conf.getNetworkInputs().size() != 1 && conf.getVertices().containsKey(GraphNames.towerLayer(0))) {
                // a Siamese/Triplet/Koch graph of this library: its shared tower, as EmbeddingModel extracts it
                cg = EmbeddingModel.fromGraph(cg).getNetwork();
                conf = cg.getConfiguration();
            }
            if (conf.getNetworkInputs().size() != 1) {
                throw new IllegalArgumentException("PretrainedTower: expected a graph with one input, got "
                        + conf.getNetworkInputs());
            }
            String prev = conf.getNetworkInputs().get(0);
            for (String name : conf.getTopologicalOrderStr()) {
                GraphVertex v = conf.getVertices().get(name);
                if (v == null) continue;                         // the network input
                List<String> in = conf.getVertexInputs().get(name);
                if (!(v instanceof LayerVertex) || in == null || in.size() != 1 || !in.get(0).equals(prev)) {
                    if (cutAt == null || names.contains(cutAt)) break;
                    throw new IllegalArgumentException("PretrainedTower: expected a chain of layers from the input"
                            + " to '" + cutAt + "', but '" + name + "' is a " + v.getClass().getSimpleName()
                            + " with inputs " + in + "; cut at one of " + names);
                }
                names.add(name);
                layers.add(((LayerVertex) v).getLayerConf().getLayer());
                params.add(cg.getLayer(name).paramTable());
                prev = name;
            }
        } else {
            throw new IllegalArgumentException("PretrainedTower: expected a MultiLayerNetwork or ComputationGraph, got "
                    + network.getClass().getName());
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("PretrainedTower: expected the network's input to feed a layer, got no"
                    + " chain of layers from the input");
        }
        int cut = cutIndex(names, layers, cutAt);
        if (freeze < 0 || freeze > cut) {
            throw new IllegalArgumentException("PretrainedTower: expected freeze in [0, " + cut + "] (the tower has "
                    + (cut + 1) + " layers, " + names.subList(0, cut + 1) + ", and at least one must train), got "
                    + freeze);
        }
        List<Layer> towerLayers = new ArrayList<>();
        List<Map<String, INDArray>> towerParams = new ArrayList<>();
        for (int i = 0; i <= cut; i++) {
            Layer l = layers.get(i).clone();
            l.setLayerName(null);
            if (l instanceof BaseLayer) {                        // fine-tune with the graph's updater
                ((BaseLayer) l).setIUpdater(null);
                ((BaseLayer) l).setBiasUpdater(null);
            }
            towerLayers.add(i < freeze ? new FrozenLayer(l) : l);
            Map<String, INDArray> copy = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> e : params.get(i).entrySet()) copy.put(e.getKey(), e.getValue().dup());
            towerParams.add(copy);
        }
        return new PretrainedTower(Tower.of(inputType, towerLayers), new ArrayList<>(names.subList(0, cut + 1)),
                towerParams, freeze);
    }

    private static int cutIndex(List<String> names, List<Layer> layers, String cutAt) {
        int firstOutput = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof BaseOutputLayer || layers.get(i) instanceof LossLayer) {
                firstOutput = i;
                break;
            }
        }
        if (cutAt == null) {
            if (firstOutput == 0) throw new IllegalArgumentException("PretrainedTower: the first layer is an output layer");
            return firstOutput < 0 ? layers.size() - 1 : firstOutput - 1;
        }
        int cut = names.indexOf(cutAt);
        if (cut < 0) {
            throw new IllegalArgumentException("PretrainedTower: no layer named '" + cutAt + "'; the layers are " + names);
        }
        if (firstOutput >= 0 && cut >= firstOutput) {
            throw new IllegalArgumentException("PretrainedTower: expected to cut before the output layer '"
                    + names.get(firstOutput) + "', got '" + cutAt + "'");
        }
        return cut;
    }

    /** @return the tower's layer configurations (frozen ones wrapped) and input type, for a graph builder */
    public Tower tower() {
        return tower;
    }

    /** @return the names of the source network's layers that make up the tower, in order */
    public List<String> sourceLayerNames() {
        return sourceNames;
    }

    /** @return how many of the first layers are frozen */
    public int frozenLayers() {
        return frozen;
    }

    /**
     * Copies the trained weights into the tower layers ({@code tower_0, tower_1, ...}) of an initialised graph
     * built from {@link #tower()} by a builder of this package. The branches share those layers, so every branch
     * gets them.
     *
     * @param graph the initialised graph
     * @throws IllegalArgumentException if a tower layer is missing or a parameter's shape differs
     */
    public void copyWeightsInto(ComputationGraph graph) {
        for (int i = 0; i < params.size(); i++) {
            String name = GraphNames.towerLayer(i);
            org.deeplearning4j.nn.api.Layer target = graph.getLayer(name);
            if (target == null) {
                throw new IllegalArgumentException("PretrainedTower: the graph has no layer '" + name + "'");
            }
            Map<String, INDArray> table = target.paramTable();
            for (Map.Entry<String, INDArray> e : params.get(i).entrySet()) {
                INDArray to = table.get(e.getKey());
                if (to == null || !java.util.Arrays.equals(to.shape(), e.getValue().shape())) {
                    throw new IllegalArgumentException("PretrainedTower: layer '" + sourceNames.get(i) + "' parameter "
                            + e.getKey() + " " + java.util.Arrays.toString(e.getValue().shape()) + " does not fit "
                            + name + (to == null ? " (no such parameter)" : " " + java.util.Arrays.toString(to.shape())));
                }
                to.assign(e.getValue().castTo(to.dataType()));
            }
        }
    }
}
