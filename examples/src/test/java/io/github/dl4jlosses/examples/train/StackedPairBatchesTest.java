package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.data.PairBatchIterator;
import io.github.dl4jlosses.examples.cli.LossChoice;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stacked pair batches: K/2 groups of P distinct-class pairs, class ids kept, the library's epoch unchanged. */
class StackedPairBatchesTest {
    private static final int CLASSES = 5;
    private static final int PER_CLASS = 40;

    /** Example i has the single feature i and class i % 5. */
    private static DataSet data() {
        int n = CLASSES * PER_CLASS;
        INDArray x = Nd4j.arange(n).castTo(DataType.FLOAT).reshape(n, 1);
        float[] ids = new float[n];
        for (int i = 0; i < n; i++) ids[i] = i % CLASSES;
        return new DataSet(x, Nd4j.createFromArray(ids).reshape(n, 1));
    }

    private static List<MultiDataSet> epoch(MultiDataSetIterator it) {
        List<MultiDataSet> all = new ArrayList<>();
        it.reset();
        while (it.hasNext()) all.add(it.next());
        return all;
    }

    private static MultiDataSetIterator library(int p, long seed) {
        return PairBatchIterator.builder().data(data()).pairsPerBatch(p).seed(seed).buildMultiDataSetIterator();
    }

    @Test
    void stacksGroupsOfDistinctClassPairsWithTheirClassIds() {
        TrainingSetup setup = TrainingSetup.of(LossChoice.INFONCE);
        int p = 5, k = 16;
        List<MultiDataSet> batches = epoch(setup.batches(data(), p, k, 42));
        List<MultiDataSet> pairs = epoch(library(p, 42));
        int groups = TrainingSetup.pairGroups(k);
        assertEquals(8, groups);
        assertEquals((pairs.size() + groups - 1) / groups, batches.size(), "the library's epoch, 8 groups a batch");
        assertTrue(batches.size() < pairs.size() / 4, batches.size() + " batches instead of " + pairs.size());

        Set<Integer> seen = new HashSet<>();
        for (int b = 0; b < batches.size(); b++) {
            MultiDataSet batch = batches.get(b);
            INDArray anchors = batch.getFeatures(0), positives = batch.getFeatures(1), ids = batch.getLabels(0);
            long rows = anchors.rows();
            if (b < batches.size() - 1) assertEquals((long) p * groups, rows, "P·K/2 pairs, P·K images");
            assertEquals(rows, positives.rows());
            assertEquals(rows, ids.rows());
            assertEquals(1, ids.columns(), "[N,1] class ids: same-class rows are not negatives of each other");
            for (int g = 0; g * p < rows; g++) {
                Set<Integer> classes = new HashSet<>();
                for (int r = g * p; r < Math.min(rows, (g + 1) * p); r++) {
                    int a = anchors.getInt(r, 0), pos = positives.getInt(r, 0);
                    assertEquals(a % CLASSES, pos % CLASSES, "anchor and positive of one class");
                    assertNotEquals(a, pos, "two different examples");
                    assertEquals(a % CLASSES, ids.getInt(r, 0), "the row's class id");
                    assertTrue(classes.add(a % CLASSES), "distinct classes within a group");
                    seen.add(a);
                    seen.add(pos);
                }
            }
        }
        assertEquals(CLASSES * PER_CLASS, seen.size(), "every example in at least one pair per epoch");
    }

    @Test
    void oneGroupIsTheLibrarysIteratorUnchanged() {
        List<MultiDataSet> stacked = epoch(TrainingSetup.of(LossChoice.NPAIR).batches(data(), 4, 2, 7));
        List<MultiDataSet> plain = epoch(library(4, 7));
        assertEquals(plain.size(), stacked.size());
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(plain.get(i).getFeatures(0), stacked.get(i).getFeatures(0));
            assertEquals(plain.get(i).getFeatures(1), stacked.get(i).getFeatures(1));
            assertEquals(plain.get(i).getLabels(0), stacked.get(i).getLabels(0));
        }
    }

    @Test
    void thePreprocessorSeesTheStackedBatch() {
        MultiDataSetIterator it = TrainingSetup.of(LossChoice.GENERALIZED_TRIPLET).batches(data(), 5, 4, 1);
        long[] rows = new long[1];
        it.setPreProcessor(b -> rows[0] = b.getFeatures(0).rows());
        it.reset();
        it.next();
        assertEquals(10, rows[0], "2 groups of 5 pairs");
    }
}
