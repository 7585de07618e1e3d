package io.github.dl4jlosses.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.github.dl4jlosses.data.Examples.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairMultiDataSetIteratorTest {
    private static final int[] SIZES = {12, 9, 15, 6, 10, 8};

    static Stream<Arguments> modesAndFractions() {
        List<Arguments> out = new ArrayList<>();
        for (boolean classBalanced : new boolean[]{false, true}) {
            for (double f : new double[]{0.0, 0.25, 0.5, 0.8, 1.0}) {
                out.add(Arguments.of(classBalanced, f));
            }
        }
        return out.stream();
    }

    private static PairMultiDataSetIterator.Builder builder(Examples data, boolean classBalanced, double f, long seed) {
        PairMultiDataSetIterator.Builder b = PairMultiDataSetIterator.builder().data(data.dataSet).positiveFraction(f).seed(seed);
        return classBalanced ? b.classBalancedBatches(3, 4) : b.randomBatches(16);
    }

    /**
     * Label 1 exactly when left and right are of the same class (looked up from the source), each
     * batch has round(f·B) positives, a positive partner is another example.
     */
    @ParameterizedTest
    @MethodSource("modesAndFractions")
    void labelsTellWhetherTheTwoExamplesShareAClass(boolean classBalanced, double f) {
        Examples data = Examples.flat(SIZES);
        PairMultiDataSetIterator it = builder(data, classBalanced, f, 5).build();
        int pairs = 0;
        int positives = 0;
        Set<Integer> lefts = new HashSet<>();
        while (it.hasNext()) {
            MultiDataSet mds = it.next();
            assertEquals(2, mds.getFeatures().length);
            int[] leftIds = Examples.exampleIds(mds.getFeatures(0));
            int[] rightIds = Examples.exampleIds(mds.getFeatures(1));
            int[] labels = Examples.column(mds.getLabels(0));
            int b = labels.length;
            int batchPositives = 0;
            for (int i = 0; i < b; i++) {
                boolean same = data.classOf[leftIds[i]] == data.classOf[rightIds[i]];
                assertEquals(same ? 1 : 0, labels[i], "row " + i + ": classes " + data.classOf[leftIds[i]]
                        + " and " + data.classOf[rightIds[i]]);
                if (same) {
                    assertNotEquals(leftIds[i], rightIds[i], "a positive pairs two different examples");
                }
                batchPositives += labels[i];
                lefts.add(leftIds[i]);
            }
            assertEquals(Math.round(f * b), batchPositives, "positives in a batch of " + b);
            if (classBalanced) {
                assertEquals(12, b);
                Set<Integer> inBatch = new HashSet<>();
                Arrays.stream(leftIds).forEach(inBatch::add);
                for (int r : rightIds) {
                    assertTrue(inBatch.contains(r), "class-balanced partners come from the batch's own examples");
                }
            }
            pairs += b;
            positives += batchPositives;
        }
        assertEquals(data.size(), lefts.size(), "every example is a left during an epoch");
        assertEquals(f, positives / (double) pairs, 0.05, "positive fraction over the epoch");
        if (!classBalanced) {
            assertEquals(data.size(), pairs, "random mode: each example is a left exactly once");
        }
    }

    @Test
    void singleExampleClassesCannotBePositivesAndLowerTheFractionOnly() {
        // Classes 3..7 have one example each: they get negative partners.
        Examples data = Examples.flat(10, 10, 10, 1, 1, 1, 1, 1);
        PairMultiDataSetIterator it = PairMultiDataSetIterator.builder().data(data.dataSet).randomBatches(35)
                .positiveFraction(1.0).seed(2).build();
        MultiDataSet mds = it.next();
        int[] left = data.classesOf(mds.getFeatures(0));
        int[] labels = Examples.column(mds.getLabels(0));
        for (int i = 0; i < labels.length; i++) {
            assertEquals(left[i] < 3 ? 1 : 0, labels[i], "row " + i + " of class " + left[i]);
        }
    }

    @Test
    void imageFeaturesKeepTheirShapeInBothInputs() {
        Examples data = Examples.of(new int[]{5, 5, 5}, new long[]{3, 2, 2}, true, DataType.DOUBLE);
        MultiDataSet mds = PairMultiDataSetIterator.builder().data(data.dataSet).randomBatches(4).build().next();
        assertArrayEquals(new long[]{4, 3, 2, 2}, mds.getFeatures(0).shape());
        assertArrayEquals(new long[]{4, 3, 2, 2}, mds.getFeatures(1).shape());
        assertArrayEquals(new long[]{4, 1}, mds.getLabels(0).shape());
        assertEquals(DataType.DOUBLE, mds.getLabels(0).dataType());
    }

    @Test
    void seededReproducibleAndFreshEachEpoch() {
        Examples data = Examples.flat(SIZES);
        for (boolean classBalanced : new boolean[]{false, true}) {
            List<String> a = batches(builder(data, classBalanced, 0.5, 8).build(), 2);
            assertEquals(a, batches(builder(data, classBalanced, 0.5, 8).build(), 2));
            assertNotEquals(a, batches(builder(data, classBalanced, 0.5, 9).build(), 2));
            assertNotEquals(a.subList(0, a.size() / 2), a.subList(a.size() / 2, a.size()), "epoch 1 repeated epoch 0");
        }
    }

    static List<String> batches(org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator it, int epochs) {
        List<String> out = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            if (e > 0) {
                it.reset();
            }
            while (it.hasNext()) {
                MultiDataSet mds = it.next();
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < mds.getFeatures().length; i++) {
                    s.append(Arrays.toString(Examples.exampleIds(mds.getFeatures(i))));
                }
                out.add(s.append(Arrays.toString(Examples.column(mds.getLabels(0)))).toString());
            }
        }
        return out;
    }

    @Test
    void badSettingsAndData() {
        Examples data = Examples.flat(SIZES);
        assertRejected(() -> builder(data, false, 1.5, 0).build(), "PairMultiDataSetIterator", "positiveFraction", "[0, 1]", "1.5");
        assertRejected(() -> builder(data, false, Double.NaN, 0).build(), "positiveFraction", "NaN");
        assertRejected(() -> PairMultiDataSetIterator.builder().data(data.dataSet).randomBatches(0).build(), "batchSize >= 1", "got 0");
        assertRejected(() -> PairMultiDataSetIterator.builder().data(data.dataSet).classBalancedBatches(3, 1).build(),
                "K >= 2", "K = 1");
        assertRejected(() -> PairMultiDataSetIterator.builder().data(data.dataSet).classBalancedBatches(1, 4).build(),
                "P >= 2", "P = 1");
        assertRejected(() -> PairMultiDataSetIterator.builder().data(Examples.flat(3, 2).dataSet).classBalancedBatches(2, 3).build(),
                "class 1", "2 example(s)", "K = 3");
        assertRejected(() -> PairMultiDataSetIterator.builder().data(Examples.flat(6).dataSet).build(),
                "at least 2 classes", "got 1");
        assertRejected(() -> PairMultiDataSetIterator.builder().data(Examples.flat(1, 1, 1).dataSet).build(),
                "2 or more examples");
        // All-negative pairs need no class with two examples.
        assertEquals(3, PairMultiDataSetIterator.builder().data(Examples.flat(1, 1, 1).dataSet).positiveFraction(0).build()
                .next().getFeatures(0).size(0));
    }
}
