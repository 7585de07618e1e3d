package io.github.dl4jlosses.graph;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.Objects;

/**
 * Builds a single-input graph for losses that see a whole labelled batch of embeddings at once
 * ({@code [B, D]} embeddings with {@code [B,1]} class ids or one-hot labels, e.g. batch-mined triplet or
 * multi-similarity losses fed by a P×K class-balanced iterator):
 * <pre>
 *   input ─▶ tower ─▶ [l2norm] ─▶ loss
 * </pre>
 * There is one branch, so nothing needs sharing; the builder exists so that the tower, the options and the
 * vertex names are those of the other graphs and {@link EmbeddingModel} works on the result. Pair-batch
 * losses ({@code [anchor | positive]} rows) take two inputs: build them with {@link SiameseGraph}.
 */
public final class SingleInputGraph extends SharedTowerBuilder<SingleInputGraph> {
    private ILossFunction loss;

    private SingleInputGraph() {
    }

    /** @return a new builder of a one-input graph for losses that mine the whole batch */
    public static SingleInputGraph builder() {
        return new SingleInputGraph();
    }

    /** The loss on the {@code [B, D]} embeddings (required). */
    public SingleInputGraph loss(ILossFunction loss) {
        this.loss = Objects.requireNonNull(loss, "SingleInputGraph: loss");
        return this;
    }

    @Override
    public ComputationGraphConfiguration build() {
        ILossFunction given = required(loss, "loss", "loss(ILossFunction)");
        return oneInputGraph(GraphNames.LOSS, TowerWiring.lossLayer(given, requireTower().outputSize()));
    }
}
