package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.testutil.ListMultiDataSetIterator;
import io.github.dl4jlosses.loss.LossContrastive;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's ParallelWrapper trains a Siamese graph with 2 workers on CPU (parameter averaging), and the averaged
 * model is still one tower shared by both branches.
 */
class ParallelWrapperTest {
    /** Dense 8→16 (8·16+16 = 144) and 16→4 (16·4+4 = 68). */
    private static final long TOWER_PARAMS = 144 + 68;
    private static final Set<String> TOWER_KEYS = new TreeSet<>(Arrays.asList(
            "tower_0_W", "tower_0_b", "tower_1_W", "tower_1_b"));

    @Test
    void twoWorkersTrainASharedTowerSiamese() throws Exception {
        ComputationGraph net = SharedWeightsTest.init(SiameseGraph.builder().tower(TrainingTest.tower())
                .updater(new Adam(0.01)).seed(4).loss(LossContrastive.builder()
                .with(LossContrastive.MARGIN_NEGATIVE, 2.0).build())
                .build());
        SeparableData data = new SeparableData(7);
        List<MultiDataSet> batches = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batches.add(data.pairs(64));
        }
        MultiDataSet heldOut = new SeparableData(8).pairs(256);
        double before = net.score(heldOut);

        ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net)
                .workers(2)
                .prefetchBuffer(4)
                .averagingFrequency(2)
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                .build();
        // Each worker trains its own copy of the model; record what every copy looks like while it trains.
        Map<Integer, String> workerModels = new ConcurrentHashMap<>();
        wrapper.setListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                ComputationGraph g = (ComputationGraph) model;
                workerModels.put(System.identityHashCode(model),
                        g.numParams() + " " + new TreeSet<>(g.paramTable().keySet()));
            }
        });
        try {
            ListMultiDataSetIterator iterator = new ListMultiDataSetIterator(batches);
            for (int epoch = 0; epoch < 2; epoch++) {
                iterator.reset();
                wrapper.fit(iterator);
            }
        } finally {
            wrapper.shutdown();
        }
        assertTrue(workerModels.size() >= 2, "models seen training: " + workerModels.size());
        for (String m : workerModels.values()) {
            assertEquals(TOWER_PARAMS + " " + TOWER_KEYS, m);
        }

        double after = net.score(heldOut);
        assertTrue(after < 0.5 * before, "held-out contrastive loss before=" + before + " after=" + after);
        assertOneTower(net);

        // both branches of the averaged model are the same function
        INDArray x = heldOut.getFeatures(0);
        INDArray merged = net.feedForward(new INDArray[]{x, x}, false).get(GraphNames.MERGE);
        assertEquals(merged.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)),
                merged.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 8)));
        SeparableData.Labelled test = new SeparableData(9).labelled(60);
        double accuracy = test.tripletAccuracy(EmbeddingModel.fromGraph(net).distanceMatrix(test.x, test.x));
        assertTrue(accuracy > 0.9, "triplet accuracy of the averaged model's embedding: " + accuracy);
    }

    private static void assertOneTower(ComputationGraph g) {
        assertEquals(TOWER_PARAMS, g.numParams());
        assertEquals(TOWER_KEYS, new TreeSet<>(g.paramTable().keySet()));
    }
}
