package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.distance.Distance;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tower of a trained graph as a standalone embedding model: single inputs in, {@code [B, D]} embeddings
 * out, no partner input needed.
 * <p>
 * {@link #fromGraph} copies the tower ({@code tower_0 … tower_{n-1}} and the optional {@code l2norm}, see
 * {@link GraphNames}) of any graph built by this package — Siamese, Triplet, Koch or single-input — into a
 * one-input {@link ComputationGraph} and copies the tower's parameters (including non-trainable state such as
 * batch-norm statistics). Later training of the source graph does not change the model.
 * <p>
 * Distances between embeddings use a {@link Distance}; a verification decision says "same" where the
 * distance is at most a threshold. {@link #save}/{@link #load} go through {@link ModelSerializer}, with the
 * distance stored in the same zip.
 */
public final class EmbeddingModel {
    private static final String DISTANCE_KEY = "dl4jlosses.embedding.distance";

    private final ComputationGraph network;
    private final Distance distance;

    private EmbeddingModel(ComputationGraph network, Distance distance) {
        this.network = network;
        this.distance = Objects.requireNonNull(distance, "EmbeddingModel: distance");
    }

    /** The tower of {@code trained}, with {@link Distance#EUCLIDEAN}. */
    public static EmbeddingModel fromGraph(ComputationGraph trained) {
        return fromGraph(trained, Distance.EUCLIDEAN);
    }

    /** The tower of {@code trained} (its current parameters, copied), comparing embeddings with {@code distance}. */
    public static EmbeddingModel fromGraph(ComputationGraph trained, Distance distance) {
        Objects.requireNonNull(trained, "EmbeddingModel: graph");
        ComputationGraphConfiguration src = trained.getConfiguration();
        Map<String, GraphVertex> vertices = src.getVertices();
        if (!(vertices.get(GraphNames.towerLayer(0)) instanceof LayerVertex)) {
            throw new IllegalArgumentException("EmbeddingModel: expected a graph built by dl4j-losses, with tower"
                    + " layers named tower_0, tower_1, ...; got vertices " + vertices.keySet());
        }
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .dataType(src.getDataType())
                .trainingWorkspaceMode(src.getTrainingWorkspaceMode())
                .inferenceWorkspaceMode(src.getInferenceWorkspaceMode())
                .graphBuilder()
                .addInputs(GraphNames.INPUT);
        String prev = GraphNames.INPUT;
        for (int i = 0; vertices.get(GraphNames.towerLayer(i)) instanceof LayerVertex; i++) {
            String name = GraphNames.towerLayer(i);
            List<String> in = src.getVertexInputs().get(name);
            String expected = i == 0 ? null : GraphNames.towerLayer(i - 1);
            if (in == null || in.size() != 1 || (expected != null && !expected.equals(in.get(0)))) {
                throw new IllegalArgumentException("EmbeddingModel: expected " + name + " to take its input from "
                        + (expected == null ? "the stack or input" : expected) + ", got " + in);
            }
            gb.addVertex(name, vertices.get(name).clone(), prev);
            prev = name;
        }
        GraphVertex norm = vertices.get(GraphNames.L2_NORM);
        if (norm instanceof L2NormalizeVertex) {
            gb.addVertex(GraphNames.L2_NORM, norm.clone(), prev);
            prev = GraphNames.L2_NORM;
        }
        ComputationGraph net = new ComputationGraph(gb.setOutputs(prev).build());
        net.init();
        Map<String, INDArray> target = net.paramTable();
        Map<String, INDArray> source = trained.paramTable();
        for (Map.Entry<String, INDArray> e : target.entrySet()) {
            e.getValue().assign(source.get(e.getKey()));
        }
        return new EmbeddingModel(net, distance);
    }

    /** Embeddings {@code [B, D]} of a batch of single inputs (the tower's input shape). */
    public INDArray embed(INDArray inputs) {
        return network.outputSingle(false, inputs);
    }

    /** Row-wise distances {@code [B,1]} between the embeddings of {@code x1} and {@code x2}. */
    public INDArray distance(INDArray x1, INDArray x2) {
        return distance.rowwise(embed(x1), embed(x2));
    }

    /** Distances {@code [Bx, By]} between every embedding of {@code x} and every embedding of {@code y}. */
    public INDArray distanceMatrix(INDArray x, INDArray y) {
        return distance.matrix(embed(x), embed(y));
    }

    /** Verification: for each row, whether x1 and x2 are the same (their distance is at most {@code threshold}). */
    public boolean[] verify(INDArray x1, INDArray x2, double threshold) {
        double[] d = distance(x1, x2).reshape(-1).toDoubleVector();
        boolean[] same = new boolean[d.length];
        for (int i = 0; i < d.length; i++) {
            same[i] = d[i] <= threshold;
        }
        return same;
    }

    /**
     * The embedding width D: the {@code nOut} of the tower's last dense or convolutional layer (layers after it,
     * such as global pooling or batch normalisation, keep the width).
     */
    public long embeddingSize() {
        Map<String, GraphVertex> vertices = network.getConfiguration().getVertices();
        long d = -1;
        for (int i = 0; vertices.get(GraphNames.towerLayer(i)) instanceof LayerVertex; i++) {
            Layer l = ((LayerVertex) vertices.get(GraphNames.towerLayer(i))).getLayerConf().getLayer();
            if (l instanceof FeedForwardLayer && ((FeedForwardLayer) l).getNOut() > 0) {
                d = ((FeedForwardLayer) l).getNOut();
            }
        }
        return d;
    }

    /** @return the distance that {@code distance} and {@code verify} compare embeddings with */
    public Distance getDistance() {
        return distance;
    }

    /** The one-input network ({@code input ─▶ tower ─▶ [l2norm]}); training it changes this model. */
    public ComputationGraph getNetwork() {
        return network;
    }

    /** Writes the network (without updater state) and the distance to a ModelSerializer zip. */
    public void save(File file) throws IOException {
        ModelSerializer.writeModel(network, file, false);
        ModelSerializer.addObjectToFile(file, DISTANCE_KEY, distance.name());
    }

    /**
     * Reads a model written by {@link #save}. (A whole trained graph saved with {@code ModelSerializer} is read
     * with {@code fromGraph(ModelSerializer.restoreComputationGraph(file))}.)
     */
    public static EmbeddingModel load(File file) throws IOException {
        ComputationGraph net = ModelSerializer.restoreComputationGraph(file, false);
        if (!ModelSerializer.listObjectsInFile(file).contains(DISTANCE_KEY)) {
            throw new IllegalArgumentException("EmbeddingModel: " + file + " was not written by EmbeddingModel.save"
                    + " (no " + DISTANCE_KEY + " entry); for a trained graph use"
                    + " fromGraph(ModelSerializer.restoreComputationGraph(file))");
        }
        String d = ModelSerializer.getObjectFromFile(file, DISTANCE_KEY);
        return new EmbeddingModel(net, Distance.valueOf(d));
    }
}
