package io.github.dl4jlosses.graph;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * Builds a Koch-style Siamese verification graph (Koch, Zemel &amp; Salakhutdinov 2015, "Siamese Neural
 * Networks for One-shot Image Recognition"):
 * <pre>
 *   left, right ─▶ stack ─▶ tower ─▶ [l2norm] ─▶ branch_0, branch_1 ─▶ absdiff ─▶ output
 * </pre>
 * {@code absdiff} is the element-wise {@code |h1 − h2|} ({@link AbsDifferenceVertex}); {@code output} is
 * Dense(1, sigmoid) — the learned weighted L1 distance {@code p = σ(Σ_j α_j |h1_j − h2_j| + b)} — trained with
 * binary cross-entropy on {@code [B,1]} labels, 1 for a same-class pair and 0 otherwise. The paper's
 * layer-wise L2 weight decay is {@link #l2(double)}. The network's output is the match probability.
 * <pre>{@code
 * ComputationGraphConfiguration conf = KochSiameseGraph.builder()
 *         .tower(InputType.feedForward(64), new DenseLayer.Builder().nOut(32).activation(Activation.SIGMOID).build())
 *         .l2(2e-4)
 *         .build();
 * }</pre>
 */
public final class KochSiameseGraph extends SharedTowerBuilder<KochSiameseGraph> {
    private KochSiameseGraph() {
    }

    /** @return a new builder of Koch et al.'s (2015) Siamese verification graph */
    public static KochSiameseGraph builder() {
        return new KochSiameseGraph();
    }

    @Override
    public ComputationGraphConfiguration build() {
        return sharedTowerGraph(new String[]{SiameseGraph.LEFT, SiameseGraph.RIGHT},
                GraphNames.ABS_DIFF, new AbsDifferenceVertex(), GraphNames.OUTPUT,
                new OutputLayer.Builder(new LossBinaryXENT()).nOut(1).activation(Activation.SIGMOID).build());
    }
}
