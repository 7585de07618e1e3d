package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.testutil.ListMultiDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The use case that rules out DL4J's {@code SameDiffLoss} as-is: a network whose loss is a SameDiff twin,
 * trained by {@code ParallelWrapper} with 2 workers (threads that call the loss concurrently).
 */
class TwinParallelWrapperTest {

    @Test
    void twoWorkersTrainASiameseWithASameDiffLoss() throws Exception {
        SDLossContrastive twin = SDLossContrastive.builder().marginNegative(2.0).build();
        ComputationGraph net = SiameseGraphs.network(twin, 6, 16, 4, 0.05, 3);
        ClusterData data = new ClusterData(11, 4, 6, 0.3);
        List<MultiDataSet> batches = data.pairBatches(DataType.DOUBLE, 12, 32);
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
            for (int epoch = 0; epoch < 3; epoch++) {
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
