package io.github.dl4jlosses.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.github.dl4jlosses.data.Examples.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PKBatchIteratorTest {

    static Stream<Arguments> layouts() {
        return Stream.of(
                // class sizes, P, K
                Arguments.of(new int[]{8, 8, 8, 8, 8, 8, 8, 8, 8, 8}, 4, 2),
                Arguments.of(new int[]{5, 7, 3, 9, 4, 12}, 3, 3),
                Arguments.of(new int[]{40, 4, 4, 6}, 2, 4),
                Arguments.of(new int[]{2, 2, 2}, 3, 2));
    }

    private static PKBatchIterator iterator(Examples data, int p, int k, long seed) {
        return PKBatchIterator.builder().data(data.dataSet).classesPerBatch(p).examplesPerClass(k).seed(seed).build();
    }

    /** Each batch: exactly P distinct classes, K consecutive rows each, labels the rows' true classes. */
    @ParameterizedTest
    @MethodSource("layouts")
    void everyBatchHoldsPClassesOfKExamples(int[] sizes, int p, int k) {
        Examples data = Examples.flat(sizes);
        PKBatchIterator it = iterator(data, p, k, 3);
        int batches = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            batches++;
            assertArrayEquals(new long[]{p * k, 3}, ds.getFeatures().shape());
            int[] classes = data.classesOf(ds.getFeatures());
            assertArrayEquals(classes, Examples.column(ds.getLabels()), "labels must be the rows' true class ids");
            Set<Integer> distinct = new HashSet<>();
            for (int g = 0; g < p; g++) {
                for (int j = 0; j < k; j++) {
                    assertEquals(classes[g * k], classes[g * k + j], "rows of group " + g + " differ in class");
                }
                distinct.add(classes[g * k]);
            }
            assertEquals(p, distinct.size(), "classes per batch");
            int[] ids = Examples.exampleIds(ds.getFeatures());
            assertEquals(p * k, Arrays.stream(ids).distinct().count(), "no example repeats within a batch");
        }
        assertEquals(it.batchesPerEpoch(), batches);
    }

    /** Every example appears in an epoch, and the epoch has max(ceil(T/P), most chunks) batches. */
    @ParameterizedTest
    @MethodSource("layouts")
    void anEpochVisitsEveryExample(int[] sizes, int p, int k) {
        Examples data = Examples.flat(sizes);
        PKBatchIterator it = iterator(data, p, k, 11);
        Set<Integer> seen = new HashSet<>();
        int batches = 0;
        while (it.hasNext()) {
            for (int id : Examples.exampleIds(it.next().getFeatures())) {
                seen.add(id);
            }
            batches++;
        }
        assertEquals(data.size(), seen.size(), "examples seen in one epoch");
        int chunks = 0;
        int most = 0;
        for (int s : sizes) {
            chunks += (s + k - 1) / k;
            most = Math.max(most, (s + k - 1) / k);
        }
        assertEquals(Math.max((chunks + p - 1) / p, most), batches);
    }

    @Test
    void balancedClassesGiveAboutNOverPKBatches() {
        // 10 classes × 8 examples, P·K = 8: exactly n / (P·K) = 10 batches, each example exactly once.
        Examples data = Examples.flat(8, 8, 8, 8, 8, 8, 8, 8, 8, 8);
        PKBatchIterator it = iterator(data, 4, 2, 5);
        Map<Integer, Integer> visits = new HashMap<>();
        while (it.hasNext()) {
            for (int id : Examples.exampleIds(it.next().getFeatures())) {
                visits.merge(id, 1, Integer::sum);
            }
        }
        assertEquals(10, it.batchesPerEpoch());
        assertEquals(80, visits.size());
        assertTrue(visits.values().stream().allMatch(v -> v == 1), "each example exactly once: " + visits);
    }

    private static List<int[]> epochs(PKBatchIterator it, int count) {
        List<int[]> out = new ArrayList<>();
        for (int e = 0; e < count; e++) {
            if (e > 0) {
                it.reset();
            }
            while (it.hasNext()) {
                out.add(Examples.exampleIds(it.next().getFeatures()));
            }
        }
        return out;
    }

    private static void assertSameBatches(List<int[]> a, List<int[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "batch " + i);
        }
    }

    private static boolean sameBatches(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void sameSeedSameBatchesAcrossEpochsAndDifferentSeedsDiffer() {
        Examples data = Examples.flat(6, 9, 5, 7, 8);
        List<int[]> first = epochs(iterator(data, 3, 2, 42), 3);
        List<int[]> again = epochs(iterator(data, 3, 2, 42), 3);
        assertSameBatches(first, again);
        assertFalse(sameBatches(first, epochs(iterator(data, 3, 2, 43), 3)), "seeds 42 and 43 gave the same batches");
    }

    @Test
    void resetStartsAFreshlyShuffledEpochAndSetEpochReplaysOne() {
        Examples data = Examples.flat(6, 9, 5, 7, 8);
        PKBatchIterator it = iterator(data, 3, 2, 42);
        List<int[]> epoch0 = epochs(it, 1);
        it.reset();
        assertEquals(1, it.epoch());
        List<int[]> epoch1 = epochs(it, 1);
        assertFalse(sameBatches(epoch0, epoch1), "epoch 1 repeated epoch 0's order");

        it.setEpoch(0);
        assertSameBatches(epoch0, epochs(it, 1));
        it.setEpoch(1);
        assertSameBatches(epoch1, epochs(it, 1));
    }

    @Test
    void resetBeforeTheFirstBatchKeepsTheEpoch() {
        Examples data = Examples.flat(6, 9, 5, 7, 8);
        PKBatchIterator reference = iterator(data, 3, 2, 42);
        PKBatchIterator it = iterator(data, 3, 2, 42);
        it.reset();
        it.reset();
        assertEquals(0, it.epoch());
        assertSameBatches(epochs(reference, 1), epochs(it, 1));
    }

    @Test
    void aDataSetIteratorSourceGivesTheSameBatchesAsTheDataSet() {
        Examples data = Examples.of(new int[]{6, 9, 5, 7}, new long[]{4}, true, DataType.DOUBLE);
        org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<DataSet> source =
                new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(data.dataSet.asList(), 5);
        while (source.hasNext()) {
            source.next(); // used up: the sampler must reset it before draining
        }
        PKBatchIterator fromIterator = PKBatchIterator.builder().data(source).classesPerBatch(2).examplesPerClass(3).seed(9).build();
        PKBatchIterator fromDataSet = PKBatchIterator.builder().data(data.dataSet).classesPerBatch(2).examplesPerClass(3).seed(9).build();
        assertSameBatches(epochs(fromDataSet, 2), epochs(fromIterator, 2));
    }

    @Test
    void oneHotLabelsMatchTheRowsClasses() {
        Examples data = Examples.of(new int[]{6, 9, 5, 7}, new long[]{2}, true, DataType.DOUBLE);
        PKBatchIterator it = PKBatchIterator.builder().data(data.dataSet).classesPerBatch(2).examplesPerClass(3)
                .labelFormat(LabelFormat.ONE_HOT).build();
        assertEquals(4, it.totalOutcomes());
        DataSet ds = it.next();
        INDArray labels = ds.getLabels();
        assertArrayEquals(new long[]{6, 4}, labels.shape());
        assertEquals(DataType.DOUBLE, labels.dataType());
        int[] classes = data.classesOf(ds.getFeatures());
        double[][] v = labels.toDoubleMatrix();
        for (int i = 0; i < classes.length; i++) {
            double[] expected = new double[4];
            expected[classes[i]] = 1;
            assertArrayEquals(expected, v[i], "row " + i);
        }
    }

    @Test
    void classIdsWithGapsKeepTheirValues() {
        int[] classOf = {0, 3, 7, 3, 0, 7, 0, 3, 7};
        Examples data = Examples.withClasses(classOf, 8, new long[]{2}, false, DataType.FLOAT);
        PKBatchIterator it = PKBatchIterator.builder().data(data.dataSet).classesPerBatch(3).examplesPerClass(3).build();
        assertEquals(8, it.totalOutcomes(), "one-hot width for id labels is the largest id + 1");
        DataSet ds = it.next();
        assertArrayEquals(data.classesOf(ds.getFeatures()), Examples.column(ds.getLabels()));
        assertEquals(Set.of(0, 3, 7), new HashSet<>(Arrays.asList(Arrays.stream(Examples.column(ds.getLabels())).boxed().toArray(Integer[]::new))));
    }

    @ParameterizedTest
    @MethodSource("imageShapes")
    void imageFeaturesKeepTheirShape(long[] exampleShape) {
        Examples data = Examples.of(new int[]{4, 4, 4}, exampleShape, false, DataType.FLOAT);
        PKBatchIterator it = PKBatchIterator.builder().data(data.dataSet).classesPerBatch(3).examplesPerClass(2).build();
        INDArray features = it.next().getFeatures();
        long[] expected = new long[exampleShape.length + 1];
        expected[0] = 6;
        System.arraycopy(exampleShape, 0, expected, 1, exampleShape.length);
        assertArrayEquals(expected, features.shape());
        Examples.exampleIds(features); // each row is one whole example
        assertEquals(Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b), it.inputColumns());
    }

    static Stream<long[]> imageShapes() {
        return Stream.of(new long[]{2, 3, 3}, new long[]{1, 5, 4}, new long[]{3, 2});
    }

    @Test
    void aClassWithFewerThanKExamplesIsNamed() {
        Examples data = Examples.flat(5, 5, 2, 5);
        assertRejected(() -> iterator(data, 2, 3, 0), "PKBatchIterator", "class 2", "2 example(s)", "K = 3",
                "withReplacement(true)");
    }

    @Test
    void withReplacementRepeatsTheExamplesOfASmallClass() {
        Examples data = Examples.flat(5, 5, 2, 5);
        PKBatchIterator it = PKBatchIterator.builder().data(data.dataSet).classesPerBatch(2).examplesPerClass(3)
                .withReplacement(true).seed(1).build();
        boolean sawSmallClass = false;
        Set<Integer> seen = new HashSet<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            int[] classes = data.classesOf(ds.getFeatures());
            int[] ids = Examples.exampleIds(ds.getFeatures());
            for (int g = 0; g < 2; g++) {
                if (classes[g * 3] == 2) {
                    sawSmallClass = true;
                    Set<Integer> group = new HashSet<>(List.of(ids[g * 3], ids[g * 3 + 1], ids[g * 3 + 2]));
                    assertEquals(2, group.size(), "a 2-example class fills 3 slots with both of its examples");
                }
                for (int j = 0; j < 3; j++) {
                    assertEquals(classes[g * 3], classes[g * 3 + j]);
                }
            }
            Arrays.stream(ids).forEach(seen::add);
        }
        assertTrue(sawSmallClass);
        assertEquals(17, seen.size());
    }

    @Test
    void dropSmallClassesLeavesThemOut() {
        Examples data = Examples.flat(5, 5, 2, 5);
        PKBatchIterator it = PKBatchIterator.builder().data(data.dataSet).classesPerBatch(2).examplesPerClass(3)
                .dropSmallClasses(true).build();
        while (it.hasNext()) {
            for (int c : Examples.column(it.next().getLabels())) {
                assertNotEquals(2, c);
            }
        }
        assertRejected(() -> PKBatchIterator.builder().data(data.dataSet).classesPerBatch(4).examplesPerClass(3)
                .dropSmallClasses(true).build(), "P = 4", "got 3", "of 4 classes");
        assertRejected(() -> PKBatchIterator.builder().data(data.dataSet).withReplacement(true).dropSmallClasses(true).build(),
                "withReplacement", "dropSmallClasses");
    }

    @Test
    void badSettingsAndInputs() {
        Examples data = Examples.flat(4, 4, 4);
        assertRejected(() -> iterator(data, 4, 2, 0), "PKBatchIterator", "P = 4", "got 3");
        assertRejected(() -> iterator(data, 1, 2, 0), "classesPerBatch", "P >= 2", "got 1");
        assertRejected(() -> iterator(data, 2, 1, 0), "examplesPerClass", "K >= 2", "got 1");
        assertRejected(() -> PKBatchIterator.builder().build(), "data(DataSet)");
        assertRejected(() -> PKBatchIterator.builder().data((DataSet) null).build(), "DataSet", "null");
        assertRejected(() -> PKBatchIterator.builder().data(data.dataSet).labelFormat(null).build(), "labelFormat");

        DataSet notOneHot = data.dataSet.copy();
        notOneHot.setLabels(org.nd4j.linalg.factory.Nd4j.createFromArray(new float[12][3]).addi(0.5f));
        assertRejected(() -> PKBatchIterator.builder().data(notOneHot).build(), "one-hot", "row 0");
        DataSet negativeId = data.dataSet.copy();
        negativeId.getLabels().putScalar(5, 0, -1);
        assertRejected(() -> PKBatchIterator.builder().data(negativeId).build(), "class ids", "-1.0", "row 5");
        DataSet fractionalId = data.dataSet.copy();
        fractionalId.getLabels().putScalar(2, 0, 1.5);
        assertRejected(() -> PKBatchIterator.builder().data(fractionalId).build(), "class ids", "1.5", "row 2");
        DataSet wrongRows = new DataSet(data.dataSet.getFeatures(), data.dataSet.getLabels().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5), org.nd4j.linalg.indexing.NDArrayIndex.all()));
        assertRejected(() -> PKBatchIterator.builder().data(wrongRows).build(), "[12, 1]", "[5, 1]");
        DataSet masked = data.dataSet.copy();
        masked.setFeaturesMaskArray(org.nd4j.linalg.factory.Nd4j.ones(12, 1));
        assertRejected(() -> PKBatchIterator.builder().data(masked).build(), "mask");
    }

    @Test
    void nextWithAnotherSizeIsUnsupportedAndPreProcessorsRun() {
        Examples data = Examples.flat(4, 4, 4);
        PKBatchIterator it = iterator(data, 2, 2, 0);
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> it.next(5));
        it.setPreProcessor(ds -> ds.getFeatures().muli(0));
        assertEquals(0.0, it.next(4).getFeatures().sumNumber().doubleValue());
    }
}
