package io.github.dl4jlosses.examples.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageAugmentationTest {
    // a 3×3 image, values 1..9 row by row
    private static final float[] IMAGE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void shiftsWithZeroFillAndMirrors() {
        ImageAugmentation a = new ImageAugmentation(1, 3, 3, 1, true, 0);
        assertArrayEquals(IMAGE, a.shift(IMAGE, 0, 0, false));
        assertArrayEquals(new float[]{0, 1, 2, 0, 4, 5, 0, 7, 8}, a.shift(IMAGE, 0, 1, false), "one pixel right");
        assertArrayEquals(new float[]{4, 5, 6, 7, 8, 9, 0, 0, 0}, a.shift(IMAGE, -1, 0, false), "one pixel up");
        assertArrayEquals(new float[]{3, 2, 1, 6, 5, 4, 9, 8, 7}, a.shift(IMAGE, 0, 0, true), "mirrored");
    }

    @Test
    void augmentsEveryInputReproduciblyAndKeepsLabels() {
        INDArray rows = Nd4j.createFromArray(new float[][]{IMAGE, IMAGE, IMAGE, IMAGE, IMAGE, IMAGE, IMAGE, IMAGE});
        INDArray labels = Nd4j.zeros(8, 1);
        MultiDataSet first = new MultiDataSet(new INDArray[]{rows.dup(), rows.dup()}, new INDArray[]{labels.dup()});
        MultiDataSet again = new MultiDataSet(new INDArray[]{rows.dup(), rows.dup()}, new INDArray[]{labels.dup()});
        new ImageAugmentation(1, 3, 3, 1, false, 7).preProcess(first);
        new ImageAugmentation(1, 3, 3, 1, false, 7).preProcess(again);
        assertEquals(first.getFeatures(0), again.getFeatures(0), "same seed, same draws");
        assertEquals(first.getFeatures(1), again.getFeatures(1));
        assertFalse(first.getFeatures(0).equals(rows) && first.getFeatures(1).equals(rows), "something moved");
        assertEquals(labels, first.getLabels(0));
        assertArrayEquals(rows.shape(), first.getFeatures(0).shape());
    }

    @Test
    void inactiveWithoutShiftOrFlip() {
        assertFalse(new ImageAugmentation(1, 3, 3, 0, false, 0).isActive());
        assertTrue(new ImageAugmentation(1, 3, 3, 0, true, 0).isActive());
    }
}
