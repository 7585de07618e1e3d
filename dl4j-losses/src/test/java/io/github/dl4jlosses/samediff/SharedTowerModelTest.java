package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.ListMultiDataSetIterator;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pure SameDiff Siamese and Triplet models: one tower for every branch, training, save and load. */
class SharedTowerModelTest {
    private static final int IN = 6;

    private static SharedTowerModel siamese() {
        return SharedTowerModel.builder(new SDLossContrastive(LossContrastive.builder()
                .with(LossContrastive.MARGIN_NEGATIVE, 2.0).build()),
                        SDDenseTower.factory(Activation.TANH, 1, 16, 4), IN)
                .updater(new Adam(0.03)).build();
    }

    private static Set<String> trainable(SameDiff sd) {
        return sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, INDArray> feed(MultiDataSet batch) {
        Map<String, INDArray> m = new HashMap<>();
        m.put(SharedTowerModel.branchInput(0), batch.getFeatures(0));
        m.put(SharedTowerModel.branchInput(1), batch.getFeatures(1));
        m.put(SharedTowerModel.LABELS, batch.getLabels(0));
        return m;
    }

    @Test
    void siameseBranchesShareOneTowerAndTrainOnAMultiDataSetIterator() {
        SharedTowerModel model = siamese();
        SameDiff sd = model.sameDiff();
        assertEquals(new TreeSet<>(List.of("tower/W0", "tower/W1", "tower/b0", "tower/b1")), trainable(sd),
                "one set of tower variables for both branches and the embedding output");

        ClusterData data = new ClusterData(3, 4, IN, 0.3);
        List<MultiDataSet> train = data.pairBatches(DataType.FLOAT, 4, 32);
        MultiDataSet probe = data.pairs(DataType.FLOAT, 64);
        double before = model.loss(probe.getFeatures(), probe.getLabels(0));
        model.fit(new ListMultiDataSetIterator(train), 8);
        double after = model.loss(probe.getFeatures(), probe.getLabels(0));
        assertTrue(after < 0.5 * before, "held-out loss should fall: " + before + " -> " + after);

        Map<String, INDArray> branches = sd.output(feed(probe),
                SharedTowerModel.branchEmbedding(0), SharedTowerModel.branchEmbedding(1));
        for (int i = 0; i < 2; i++) {
            INDArray alone = model.embed(probe.getFeatures(i));
            assertEquals(alone, branches.get(SharedTowerModel.branchEmbedding(i)),
                    "branch " + i + " runs the very tower that embeds single inputs");
        }
        INDArray perExample = model.perExampleLoss(probe.getFeatures(), probe.getLabels(0));
        assertEquals(after, perExample.meanNumber().doubleValue(), 1e-6 * after);
    }

    @Test
    void tripletModelTrainsOnADataSetIteratorWithConcatenatedBranches() {
        SharedTowerModel model = SharedTowerModel.builder(
                        new SDLossTriplet(LossTriplet.builder().with(LossTriplet.MARGIN, 0.5)
                                .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build()),
                        SDDenseTower.factory(Activation.RELU, 2, 16, 4), IN)
                .layout(SharedTowerModel.Layout.CONCATENATED)
                .updater(new Adam(0.03)).build();
        assertEquals(4, trainable(model.sameDiff()).size());
        ClusterData data = new ClusterData(5, 4, IN, 0.3);
        List<DataSet> train = data.tripletBatches(DataType.FLOAT, 4, 32);
        DataSet probe = data.triplets(DataType.FLOAT, 64);
        INDArray[] x = {probe.getFeatures()};
        double before = model.loss(x, probe.getLabels());
        assertTrue(before > 0);
        model.fit(new ListDataSetIterator<>(train, 1), 8);
        double after = model.loss(x, probe.getLabels());
        assertTrue(after < 0.5 * before, "held-out loss should fall: " + before + " -> " + after);
    }

    /**
     * A loss graph with {@code BitCast} ops ({@link SDMasks#withoutGradient}: InfoNCE's log-sum-exp shift) and the
     * same-class mask from class ids survives FlatBuffers: the loaded model gives the same per-example loss.
     */
    @Test
    void aModelWhoseLossTakesValuesWithoutGradientSavesAndLoads(@TempDir Path dir) {
        SharedTowerModel model = SharedTowerModel.builder(new SDLossInfoNCE(),
                SDDenseTower.factory(Activation.TANH, 1, 16, 4), IN).updater(new Adam(0.03)).build();
        assertTrue(model.sameDiff().getOps().values().stream().anyMatch(op -> op.getOp().opName().equals("bitcast")),
                "the loss graph holds bit casts");
        ClusterData data = new ClusterData(7, 3, IN, 0.3);
        model.fit(new ListMultiDataSetIterator(data.pairBatches(DataType.FLOAT, 2, 16)), 1);
        File file = dir.resolve("infonce.sd").toFile();
        model.save(file);
        SharedTowerModel loaded = SharedTowerModel.load(file);
        MultiDataSet probe = data.pairs(DataType.FLOAT, 20);
        INDArray before = model.perExampleLoss(probe.getFeatures(), probe.getLabels(0));
        assertTrue(before.sumNumber().doubleValue() > 0);
        assertEquals(before, loaded.perExampleLoss(probe.getFeatures(), probe.getLabels(0)));
    }

    @Test
    void savedAndLoadedModelGivesIdenticalOutputsAndKeepsTraining(@TempDir Path dir) {
        SharedTowerModel model = siamese();
        ClusterData data = new ClusterData(7, 3, IN, 0.3);
        List<MultiDataSet> train = data.pairBatches(DataType.FLOAT, 3, 16);
        model.fit(new ListMultiDataSetIterator(train), 2);

        File file = dir.resolve("siamese.sd").toFile();
        model.save(file);
        SharedTowerModel loaded = SharedTowerModel.load(file);

        MultiDataSet probe = data.pairs(DataType.FLOAT, 20);
        assertEquals(model.embed(probe.getFeatures(0)), loaded.embed(probe.getFeatures(0)));
        assertEquals(model.perExampleLoss(probe.getFeatures(), probe.getLabels(0)),
                loaded.perExampleLoss(probe.getFeatures(), probe.getLabels(0)));
        assertTrue(model.loss(probe.getFeatures(), probe.getLabels(0)) > 0);

        // The updater state (Adam's moments) and training config came along: one more epoch agrees.
        model.fit(new ListMultiDataSetIterator(train), 1);
        loaded.fit(new ListMultiDataSetIterator(train), 1);
        INDArray a = model.embed(probe.getFeatures(1));
        INDArray b = loaded.embed(probe.getFeatures(1));
        TwinAgreementTest.assertClose(a, b, 1e-6, "embeddings after one more epoch");

        assertThrows(IllegalArgumentException.class, () -> model.loss(new INDArray[]{probe.getFeatures(0)},
                probe.getLabels(0)), "one feature array for a two-branch model");
    }
}
