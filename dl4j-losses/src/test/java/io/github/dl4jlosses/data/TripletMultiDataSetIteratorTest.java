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

class TripletMultiDataSetIteratorTest {
    private static final int[] SIZES = {12, 9, 15, 6, 10, 8};

    static Stream<Arguments> modesAndSamples() {
        List<Arguments> out = new ArrayList<>();
        for (boolean classBalanced : new boolean[]{false, true}) {
            out.add(Arguments.of(classBalanced, 1, 1));
            out.add(Arguments.of(classBalanced, 2, 3));
            out.add(Arguments.of(classBalanced, 4, 1)); // more positives than K − 1 = 3 in class-balanced mode
        }
        return out.stream();
    }

    private static TripletMultiDataSetIterator.Builder builder(Examples data, boolean classBalanced, int positives, int negatives) {
        TripletMultiDataSetIterator.Builder b = TripletMultiDataSetIterator.builder().data(data.dataSet)
                .positives(positives).negatives(negatives).seed(4);
        return classBalanced ? b.classBalancedBatches(3, 4) : b.randomBatches(10);
    }

    /** Inputs {a, p_1..p_P, n_1..n_N}: positives share the anchor's class but not its example, negatives do not. */
    @ParameterizedTest
    @MethodSource("modesAndSamples")
    void positivesShareTheAnchorsClassAndNegativesDoNot(boolean classBalanced, int positives, int negatives) {
        Examples data = Examples.flat(SIZES);
        TripletMultiDataSetIterator it = builder(data, classBalanced, positives, negatives).build();
        assertEquals(1 + positives + negatives, it.inputCount());
        Set<Integer> anchors = new HashSet<>();
        int triplets = 0;
        while (it.hasNext()) {
            MultiDataSet mds = it.next();
            assertEquals(1 + positives + negatives, mds.getFeatures().length);
            int[] a = Examples.exampleIds(mds.getFeatures(0));
            int b = a.length;
            assertArrayEquals(new long[]{b, 1}, mds.getLabels(0).shape());
            assertEquals(0.0, mds.getLabels(0).sumNumber().doubleValue(), "labels are zeros");
            Set<Integer> inBatch = new HashSet<>();
            Arrays.stream(a).forEach(inBatch::add);
            int[][] pos = new int[positives][];
            for (int q = 0; q < positives; q++) {
                pos[q] = Examples.exampleIds(mds.getFeatures(1 + q));
            }
            for (int i = 0; i < b; i++) {
                Set<Integer> distinctPositives = new HashSet<>();
                for (int q = 0; q < positives; q++) {
                    assertEquals(data.classOf[a[i]], data.classOf[pos[q][i]], "positive " + q + " of row " + i);
                    assertNotEquals(a[i], pos[q][i], "a positive is another example than its anchor");
                    distinctPositives.add(pos[q][i]);
                }
                int available = classBalanced ? 3 : SIZES[data.classOf[a[i]]] - 1;
                assertEquals(Math.min(positives, available), distinctPositives.size(), "positives are distinct while there are enough");
                anchors.add(a[i]);
            }
            for (int q = 0; q < negatives; q++) {
                int[] n = Examples.exampleIds(mds.getFeatures(1 + positives + q));
                for (int i = 0; i < b; i++) {
                    assertNotEquals(data.classOf[a[i]], data.classOf[n[i]], "negative " + q + " of row " + i);
                    if (classBalanced) {
                        assertTrue(inBatch.contains(n[i]), "class-balanced negatives come from the batch");
                    }
                }
            }
            if (classBalanced) {
                for (int[] p : pos) {
                    for (int r : p) {
                        assertTrue(inBatch.contains(r), "class-balanced positives come from the batch");
                    }
                }
            }
            triplets += b;
        }
        assertEquals(data.size(), anchors.size(), "every example is an anchor during an epoch");
        if (!classBalanced) {
            assertEquals(data.size(), triplets, "random mode: each example is an anchor exactly once");
        }
    }

    @Test
    void singleExampleClassesServeAsNegativesOnly() {
        Examples data = Examples.flat(4, 1, 3, 1);
        TripletMultiDataSetIterator it = TripletMultiDataSetIterator.builder().data(data.dataSet).randomBatches(100)
                .negatives(20).seed(3).build();
        MultiDataSet mds = it.next();
        assertEquals(7, mds.getFeatures(0).size(0), "anchors are the 7 examples of classes with a second example");
        Set<Integer> negativeClasses = new HashSet<>();
        for (int q = 0; q < 20; q++) {
            Arrays.stream(data.classesOf(mds.getFeatures(2 + q))).forEach(negativeClasses::add);
        }
        assertTrue(negativeClasses.contains(1) && negativeClasses.contains(3), "lone examples do appear as negatives: " + negativeClasses);
    }

    @Test
    void moreRandomPositivesThanAClassHasUseEachOtherExampleFirst() {
        Examples data = Examples.flat(3, 3);
        MultiDataSet mds = TripletMultiDataSetIterator.builder().data(data.dataSet).randomBatches(6).positives(4).seed(1)
                .build().next();
        int[] a = Examples.exampleIds(mds.getFeatures(0));
        for (int i = 0; i < a.length; i++) {
            Set<Integer> positives = new HashSet<>();
            for (int q = 0; q < 4; q++) {
                int p = Examples.exampleIds(mds.getFeatures(1 + q))[i];
                assertEquals(data.classOf[a[i]], data.classOf[p]);
                assertNotEquals(a[i], p);
                positives.add(p);
            }
            assertEquals(2, positives.size(), "both other examples of the class are among the 4 positives of row " + i);
        }
    }

    @Test
    void imageFeaturesKeepTheirShape() {
        Examples data = Examples.of(new int[]{5, 5, 5}, new long[]{1, 3, 3}, false, DataType.FLOAT);
        MultiDataSet mds = TripletMultiDataSetIterator.builder().data(data.dataSet).classBalancedBatches(2, 2).build().next();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new long[]{4, 1, 3, 3}, mds.getFeatures(i).shape());
        }
    }

    @Test
    void seededReproducibleAndFreshEachEpoch() {
        Examples data = Examples.flat(SIZES);
        for (boolean classBalanced : new boolean[]{false, true}) {
            List<String> a = PairMultiDataSetIteratorTest.batches(builder(data, classBalanced, 2, 2).build(), 2);
            assertEquals(a, PairMultiDataSetIteratorTest.batches(builder(data, classBalanced, 2, 2).build(), 2));
            assertNotEquals(a, PairMultiDataSetIteratorTest.batches(builder(data, classBalanced, 2, 2).seed(5).build(), 2));
            assertNotEquals(a.subList(0, a.size() / 2), a.subList(a.size() / 2, a.size()), "epoch 1 repeated epoch 0");
        }
    }

    @Test
    void badSettingsAndData() {
        Examples data = Examples.flat(SIZES);
        assertRejected(() -> builder(data, false, 0, 1).build(), "TripletMultiDataSetIterator", "positives >= 1", "got 0 and 1");
        assertRejected(() -> builder(data, false, 1, 0).build(), "negatives >= 1", "got 1 and 0");
        assertRejected(() -> TripletMultiDataSetIterator.builder().data(data.dataSet).classBalancedBatches(2, 1).build(), "K >= 2");
        assertRejected(() -> TripletMultiDataSetIterator.builder().data(data.dataSet).classBalancedBatches(7, 2).build(),
                "P = 7", "got 6");
        assertRejected(() -> TripletMultiDataSetIterator.builder().data(Examples.flat(5).dataSet).build(), "at least 2 classes", "got 1");
        assertRejected(() -> TripletMultiDataSetIterator.builder().data(Examples.flat(1, 1).dataSet).build(), "2 or more examples");
        assertRejected(() -> TripletMultiDataSetIterator.builder().data(Examples.flat(5, 2).dataSet).classBalancedBatches(2, 3).build(),
                "class 1", "2 example(s)", "K = 3");
        assertRejected(() -> TripletMultiDataSetIterator.builder().build(), "data(DataSet)");
    }
}
