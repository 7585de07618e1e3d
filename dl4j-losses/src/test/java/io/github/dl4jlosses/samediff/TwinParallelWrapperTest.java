package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.testutil.ListMultiDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network whose loss is a SameDiff twin trains under {@code ParallelWrapper} with 2 workers. (Each worker
 * trains a clone of the network, and DL4J's clone copies the configuration, loss included; threads
 * sharing one twin instance are covered by {@code SameDiffRankingLossTest}.)
 */
class TwinParallelWrapperTest {

    @Test
    void twoWorkersTrainASiameseWithASameDiffLoss() throws Exception {
        SDLossContrastive twin = new SDLossContrastive(LossContrastive.builder()
                .with(LossContrastive.MARGIN_NEGATIVE, 2.0).build());
        ComputationGraph net = SiameseGraphs.network(twin, 6, 12, 4, 0.2, 3);
        ClusterData data = new ClusterData(11, 4, 6, 0.3);
        List<MultiDataSet> batches = data.pairBatches(DataType.DOUBLE, 8, 32);
        MultiDataSet heldOut = data.pairs(DataType.DOUBLE, 128);
        double before = net.score(heldOut);

        ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net)
                .workers(2)
                .prefetchBuffer(2)
                .averagingFrequency(2)
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                .build();
        try {
            ListMultiDataSetIterator iterator = new ListMultiDataSetIterator(batches);
            for (int epoch = 0; epoch < 2; epoch++) {
                iterator.reset();
                wrapper.fit(iterator);
            }
        } finally {
            wrapper.shutdown();
        }
        double after = net.score(heldOut);
        assertTrue(Double.isFinite(after) && after < 0.7 * before, "held-out loss " + before + " -> " + after);
    }
}
