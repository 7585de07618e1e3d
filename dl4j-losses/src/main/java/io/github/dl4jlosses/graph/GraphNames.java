package io.github.dl4jlosses.graph;

/**
 * Names of the vertices the builders of this package create. A graph built here can be inspected (or
 * its tower reused, as {@link EmbeddingModel} does) by these names:
 * <pre>
 *   inputs ─▶ stack ─▶ tower_0 … tower_{n-1} ─▶ [l2norm] ─▶ branch_0 … branch_{k-1} ─▶ head
 * </pre>
 * where the head is {@code merge ─▶ loss} (Siamese, Triplet) or {@code absdiff ─▶ output} (Koch), a
 * single-input graph goes {@code input ─▶ tower_0 … ─▶ [l2norm] ─▶ loss} and a classification-head graph
 * {@code input ─▶ tower_0 … ─▶ [l2norm] ─▶ head}.
 */
public final class GraphNames {
    private GraphNames() {
    }

    /** The single input of {@link SingleInputGraph} and of an {@link EmbeddingModel}'s network. */
    public static final String INPUT = "input";
    /** The {@code StackVertex} that puts the k inputs of a shared-weight graph into one batch. */
    public static final String STACK = "stack";
    /** The optional {@code L2NormalizeVertex} after the tower. */
    public static final String L2_NORM = "l2norm";
    /** The {@code MergeVertex} that concatenates the branches into {@code [B, k·D]}. */
    public static final String MERGE = "merge";
    /** The {@code LossLayer}. */
    public static final String LOSS = "loss";
    /** The {@link AbsDifferenceVertex} of a Koch graph. */
    public static final String ABS_DIFF = "absdiff";
    /** The face-recognition head (ArcFace, CosFace, …) of a {@link ClassificationHeadGraph}. */
    public static final String HEAD = "head";
    /** The Dense(1, sigmoid) + binary cross-entropy output layer of a Koch graph. */
    public static final String OUTPUT = "output";

    /** The i-th (0-based) layer of the tower. */
    public static String towerLayer(int i) {
        return "tower_" + i;
    }

    /** The {@code UnstackVertex} that takes the j-th (0-based) input's rows back out of the stack. */
    public static String branch(int j) {
        return "branch_" + j;
    }
}
