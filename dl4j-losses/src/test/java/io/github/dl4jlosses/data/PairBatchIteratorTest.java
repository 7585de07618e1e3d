package io.github.dl4jlosses.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.github.dl4jlosses.data.Examples.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PairBatchIteratorTest {

    private static PairBatchIterator.Builder builder(Examples data, int pairs, long seed) {
        return PairBatchIterator.builder().data(data.dataSet).pairsPerBatch(pairs).seed(seed);
    }

    /** Rows [anchor | positive]: same class, different examples, every row of its own class; labels the class. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void rowsPairTwoExamplesOfOneClassAndNoClassRepeats(int pairs) {
        Examples data = Examples.flat(4, 7, 2, 5, 6, 3);
        PairBatchIterator it = builder(data, pairs, 7).build();
        Set<Integer> seen = new HashSet<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray f = ds.getFeatures();
            assertArrayEquals(new long[]{pairs, 6}, f.shape(), "[N, 2F]");
            INDArray anchors = f.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3));
            INDArray positives = f.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 6));
            int[] anchorIds = Examples.exampleIds(anchors);
            int[] positiveIds = Examples.exampleIds(positives);
            int[] anchorClasses = data.classesOf(anchors);
            assertArrayEquals(anchorClasses, data.classesOf(positives), "anchor and positive of one class");
            assertArrayEquals(anchorClasses, Examples.column(ds.getLabels()), "labels are the rows' class ids");
            assertEquals(pairs, Arrays.stream(anchorClasses).distinct().count(), "each row of its own class");
            for (int i = 0; i < pairs; i++) {
                assertNotEquals(anchorIds[i], positiveIds[i], "an anchor is not its own positive");
                seen.add(anchorIds[i]);
                seen.add(positiveIds[i]);
            }
        }
        assertEquals(data.size(), seen.size(), "every example is in some pair during an epoch");
    }

    @Test
    void seededAndReproducible() {
        Examples data = Examples.flat(4, 7, 2, 5, 6, 3);
        List<String> a = batches(builder(data, 3, 1).build(), 2);
        assertEquals(a, batches(builder(data, 3, 1).build(), 2));
        assertNotEquals(a, batches(builder(data, 3, 2).build(), 2), "seeds 1 and 2 gave the same pairs");
        PairBatchIterator it = builder(data, 3, 1).build();
        List<String> twoEpochs = batches(it, 2);
        it.setEpoch(1);
        assertEquals(twoEpochs.subList(twoEpochs.size() / 2, twoEpochs.size()), batches(it, 1), "setEpoch(1) replays epoch 1");
        assertNotEquals(twoEpochs.subList(0, twoEpochs.size() / 2), twoEpochs.subList(twoEpochs.size() / 2, twoEpochs.size()),
                "epoch 1 repeated epoch 0");
    }

    /** Each batch's features as text, over {@code epochs} epochs (reset between them). */
    private static List<String> batches(PairBatchIterator it, int epochs) {
        List<String> out = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            if (e > 0) {
                it.reset();
            }
            while (it.hasNext()) {
                out.add(Arrays.deepToString(it.next().getFeatures().toDoubleMatrix()));
            }
        }
        return out;
    }

    /** Image features: the two-input form keeps [N, c, h, w] per input, rows aligned. */
    @Test
    void imagesComeAsTwoInputsOfTheirOwnShape() {
        Examples data = Examples.of(new int[]{3, 4, 5, 2}, new long[]{1, 4, 4}, false, DataType.FLOAT);
        PairBatchMultiDataSetIterator it = PairBatchIterator.builder().data(data.dataSet).pairsPerBatch(4).seed(3)
                .buildMultiDataSetIterator();
        int batches = 0;
        while (it.hasNext()) {
            MultiDataSet mds = it.next();
            batches++;
            assertEquals(2, mds.getFeatures().length);
            assertArrayEquals(new long[]{4, 1, 4, 4}, mds.getFeatures(0).shape());
            assertArrayEquals(new long[]{4, 1, 4, 4}, mds.getFeatures(1).shape());
            int[] classes = data.classesOf(mds.getFeatures(0));
            assertArrayEquals(classes, data.classesOf(mds.getFeatures(1)));
            assertArrayEquals(classes, Examples.column(mds.getLabels(0)));
            assertEquals(4, Arrays.stream(classes).distinct().count());
        }
        assertEquals(it.batchesPerEpoch(), batches);
        // 2, 2, 3, 1 pairs per class: the largest class sets the epoch at 3 batches.
        assertEquals(3, batches);
    }

    @Test
    void badSettingsAndData() {
        Examples data = Examples.flat(4, 7, 1, 5);
        assertRejected(() -> builder(Examples.flat(4, 4), 1, 0).build(), "PairBatchIterator", "N >= 2", "got 1");
        assertRejected(() -> builder(data, 2, 0).build(), "PairBatchIterator", "class 2", "1 example(s)", "2 (an anchor and a positive)",
                "use dropSmallClasses(true)");
        // This builder cannot repeat examples (a pair needs two distinct ones), so the error must not suggest it.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder(data, 2, 0).build());
        assertFalse(e.getMessage().contains("withReplacement"), e.getMessage());
        assertRejected(() -> builder(data, 4, 0).dropSmallClasses(true).build(), "N = 4", "got 3", "of 4 classes");
        assertEquals(3, builder(data, 3, 0).dropSmallClasses(true).build().next().getFeatures().size(0));
        Examples images = Examples.of(new int[]{3, 3}, new long[]{2, 2, 2}, false, DataType.FLOAT);
        assertRejected(() -> builder(images, 2, 0).build(), "flat features", "[2, 2, 2]", "buildMultiDataSetIterator()");
        assertRejected(() -> PairBatchIterator.builder().data(images.dataSet).pairsPerBatch(1).buildMultiDataSetIterator(),
                "PairBatchMultiDataSetIterator", "N >= 2");
        assertRejected(() -> PairBatchIterator.builder().build(), "data(DataSet)");
    }
}
