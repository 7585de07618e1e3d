package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.loss.LossContrastive;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.Objects;

/**
 * Builds a Siamese {@code ComputationGraphConfiguration}: two inputs, one shared tower, and a loss on the
 * concatenated embeddings {@code [B, 2D] = [x1 | x2]}:
 * <pre>
 *   left, right ─▶ stack ─▶ tower ─▶ [l2norm] ─▶ branch_0, branch_1 ─▶ merge ─▶ loss
 * </pre>
 * The graph holds one set of tower weights. The loss is any {@link ILossFunction} on {@code [B, 2D]}: the
 * pair losses ({@link LossContrastive}, default, with {@code [B,1]} 0/1 labels) and the pair-batch losses with
 * in-batch negatives (rows {@code [anchor | positive]}, optional {@code [B,1]} class ids), which are fed
 * anchors as the first input and positives as the second.
 * <pre>{@code
 * ComputationGraphConfiguration conf = SiameseGraph.builder()
 *         .tower(InputType.feedForward(784),
 *                 new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(),
 *                 new DenseLayer.Builder().nOut(32).activation(Activation.IDENTITY).build())
 *         .loss(LossContrastive.builder().with(LossContrastive.MARGIN_NEGATIVE, 1.0).build())
 *         .updater(new Adam(1e-3)).seed(42)
 *         .build();
 * }</pre>
 */
public final class SiameseGraph extends SharedTowerBuilder<SiameseGraph> {
    /** The first input (features of x1, or of the anchors of a pair batch). */
    public static final String LEFT = "left";
    /** The second input (features of x2, or of the positives of a pair batch). */
    public static final String RIGHT = "right";

    private ILossFunction loss = new LossContrastive();

    private SiameseGraph() {
    }

    /** @return a new builder of a two-input Siamese graph with one shared tower */
    public static SiameseGraph builder() {
        return new SiameseGraph();
    }

    /** The loss on {@code [B, 2D]} (default: {@link LossContrastive} with its defaults). */
    public SiameseGraph loss(ILossFunction loss) {
        this.loss = Objects.requireNonNull(loss, "SiameseGraph: loss");
        return this;
    }

    @Override
    public ComputationGraphConfiguration build() {
        return sharedTowerGraph(new String[]{LEFT, RIGHT}, GraphNames.MERGE, new MergeVertex(),
                GraphNames.LOSS, TowerWiring.lossLayer(loss, 2 * requireTower().outputSize()));
    }
}
