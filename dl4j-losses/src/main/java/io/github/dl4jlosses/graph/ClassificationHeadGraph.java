package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.heads.CosineHead;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

import java.util.Objects;

/**
 * Builds a one-input graph that trains a tower with a face-recognition head on top (ArcFace, CosFace,
 * Sub-center ArcFace, Proxy-Anchor from {@code io.github.dl4jlosses.heads}):
 * <pre>
 *   input ─▶ tower_0 … tower_{n-1} ─▶ [l2norm] ─▶ head      (labels: [B,1] class ids or [B,C] one-hot)
 * </pre>
 * The head's {@code nIn} comes from the tower; give it {@code nOut} = the number of training classes. After
 * training, {@link EmbeddingModel#fromGraph} takes the tower (the embedding below the head) and leaves the
 * head's class weights behind, so the embedding verifies and retrieves classes never seen in training.
 * <pre>
 *   ComputationGraphConfiguration conf = ClassificationHeadGraph.builder()
 *           .tower(InputType.feedForward(784), new DenseLayer.Builder().nOut(64).build())
 *           .head(new ArcFace.Builder().nOut(numClasses).build())
 *           .updater(new Adam(1e-3)).build();
 * </pre>
 * The head normalises embeddings itself; {@code l2Normalize(true)} only matters to what {@link EmbeddingModel}
 * returns.
 */
public final class ClassificationHeadGraph extends SharedTowerBuilder<ClassificationHeadGraph> {
    private CosineHead head;

    private ClassificationHeadGraph() {
    }

    /** @return a new builder of a one-input graph that ends in a classification head */
    public static ClassificationHeadGraph builder() {
        return new ClassificationHeadGraph();
    }

    /** The head on the {@code [B, D]} embeddings (required); copied into the configuration. */
    public ClassificationHeadGraph head(CosineHead head) {
        this.head = Objects.requireNonNull(head, "ClassificationHeadGraph: head");
        return this;
    }

    @Override
    public ComputationGraphConfiguration build() {
        return oneInputGraph(GraphNames.HEAD, required(head, "head", "head(CosineHead)").clone());
    }
}
