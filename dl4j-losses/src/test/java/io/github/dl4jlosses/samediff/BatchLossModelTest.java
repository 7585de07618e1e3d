package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossInfoNCE;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.testutil.ListMultiDataSetIterator;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-batch losses on a pure SameDiff model: a labelled batch (one branch, the batch's own embeddings)
 * trained with batch-hard triplets on a DataSetIterator, and a pair batch (anchor and positive branches)
 * trained with InfoNCE and class ids on a MultiDataSetIterator.
 */
class BatchLossModelTest {
    private static final int IN = 6;

    @Test
    void labelledBatchModelTrainsWithBatchHardTriplets() {
        SharedTowerModel model = SharedTowerModel.builder(
                        new SDLossBatchTriplet(LossBatchTriplet.builder()
                                .with(LossBatchTriplet.MINING, TripletMining.HARD)
                                .with(LossBatchTriplet.MARGIN, 0.5).build()),
                        SDDenseTower.factory(Activation.TANH, 5, 16, 4), IN)
                .layout(SharedTowerModel.Layout.CONCATENATED).updater(new Adam(0.03)).build();
        ClusterData data = new ClusterData(21, 4, IN, 0.2);
        List<DataSet> train = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            train.add(data.labelled(DataType.FLOAT, 32));
        }
        DataSet probe = data.labelled(DataType.FLOAT, 64);
        double before = model.loss(new INDArray[]{probe.getFeatures()}, probe.getLabels());
        model.fit(new ListDataSetIterator<>(train, 1), 8);
        double after = model.loss(new INDArray[]{probe.getFeatures()}, probe.getLabels());
        assertTrue(after < 0.5 * before, "held-out batch-hard loss " + before + " -> " + after);
    }

    @Test
    void pairBatchModelTrainsWithInfoNCE() {
        SharedTowerModel model = SharedTowerModel.builder(new SDLossInfoNCE(LossInfoNCE.builder()
                .with(LossInfoNCE.TEMPERATURE, 0.2).build()),
                        SDDenseTower.factory(Activation.TANH, 6, 16, 4), IN)
                .updater(new Adam(0.03)).build();
        ClusterData data = new ClusterData(22, 8, IN, 0.3);
        List<MultiDataSet> train = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            train.add(data.positivePairs(DataType.FLOAT, 32));
        }
        MultiDataSet probe = data.positivePairs(DataType.FLOAT, 64);
        double before = model.loss(probe.getFeatures(), probe.getLabels(0));
        model.fit(new ListMultiDataSetIterator(train), 8);
        double after = model.loss(probe.getFeatures(), probe.getLabels(0));
        assertTrue(after < 0.7 * before, "held-out InfoNCE " + before + " -> " + after);
    }
}
