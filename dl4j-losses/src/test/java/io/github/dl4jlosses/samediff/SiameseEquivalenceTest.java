package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.testutil.ListMultiDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pure SameDiff Siamese model and DL4J's Stack/Unstack {@code ComputationGraph} Siamese model, from
 * the same initial weights, on the same data with plain SGD, follow the same loss trajectory (DOUBLE,
 * relative difference ≤ 1e-8 over 5 steps). The CG differentiates the analytic {@link LossContrastive}
 * and sums the tower's gradient over the stacked branches, then its updater divides by the minibatch
 * size B; SameDiff differentiates its own contrastive graph's mean over B through both uses of the
 * tower variables. Agreement shows the two compute the same shared-weight gradient.
 */
class SiameseEquivalenceTest {
    private static final int IN = 5;
    private static final int HIDDEN = 7;
    private static final int EMBEDDING = 3;
    private static final double LR = 0.1;
    private static final int STEPS = 5;

    @Test
    void sameDiffAndComputationGraphFollowTheSameLossTrajectory() {
        LossContrastive loss = LossContrastive.builder().with(LossContrastive.DISTANCE, Distance.EUCLIDEAN)
                .with(LossContrastive.MARGIN_NEGATIVE, 1.5).build();
        ComputationGraph cg = SiameseGraphs.network(loss, IN, HIDDEN, EMBEDDING, LR, 12345);
        SharedTowerModel sdModel = SharedTowerModel.builder(new SDLossContrastive(loss),
                        SDDenseTower.factory(Activation.TANH, 99, HIDDEN, EMBEDDING), IN)
                .dataType(DataType.DOUBLE).updater(new Sgd(LR)).build();

        SameDiff sd = sdModel.sameDiff();
        for (int layer = 0; layer < 2; layer++) {
            String cgLayer = SiameseGraphs.TOWER[layer];
            INDArray w = cg.getParam(cgLayer + "_W");
            INDArray b = cg.getParam(cgLayer + "_b");
            assertEquals(DataType.DOUBLE, w.dataType());
            sd.getVariable("tower/W" + layer).getArr().assign(w);
            sd.getVariable("tower/b" + layer).getArr().assign(b);
        }

        MultiDataSet batch = new ClusterData(17, 3, IN, 0.5).pairs(DataType.DOUBLE, 16);
        double[] cgTrajectory = new double[STEPS + 1];
        double[] sdTrajectory = new double[STEPS + 1];
        for (int step = 0; step <= STEPS; step++) {
            cgTrajectory[step] = cg.score(batch);
            sdTrajectory[step] = sdModel.loss(batch.getFeatures(), batch.getLabels(0));
            if (step < STEPS) {
                cg.fit(batch);
                sdModel.fit(new ListMultiDataSetIterator(Collections.singletonList(batch)), 1);
            }
        }
        for (int step = 0; step <= STEPS; step++) {
            double rel = Math.abs(cgTrajectory[step] - sdTrajectory[step]) / Math.abs(cgTrajectory[step]);
            assertTrue(rel <= 1e-8, "step " + step + ": ComputationGraph " + cgTrajectory[step]
                    + " vs SameDiff " + sdTrajectory[step] + " (relative difference " + rel + ")");
        }
        assertTrue(cgTrajectory[STEPS] < 0.95 * cgTrajectory[0],
                "the steps must move the loss, or the trajectories compare nothing: " + cgTrajectory[0] + " -> "
                        + cgTrajectory[STEPS]);
        for (int layer = 0; layer < 2; layer++) {
            TwinAgreementTest.assertClose(cg.getParam(SiameseGraphs.TOWER[layer] + "_W"),
                    sd.getVariable("tower/W" + layer).getArr(), 1e-8, "layer " + layer + " weights after " + STEPS + " steps");
        }
    }
}
