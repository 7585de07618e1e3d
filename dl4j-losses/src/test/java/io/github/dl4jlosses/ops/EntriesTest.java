package io.github.dl4jlosses.ops;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Entries picked and added through the buffer, against {@code getDouble}/{@code putScalar} one entry at a time. */
class EntriesTest {
    private static final int[] FLAT = {0, 7, 13, 13, 29, 5, 34};   // a repeat; [6,6]: (0,0) (1,1) (2,1) (2,1) (4,5) (0,5) (5,4)

    /** Row-major c arrays, 'f' arrays, a block of columns and a block of rows (views with an offset) of every type. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF"})
    void atFlatReadsTheEntriesOfAnyLayout(DataType type) {
        INDArray wide = RandomArrays.gaussian(DataType.DOUBLE, 3, 9, 12).castTo(type);
        INDArray[] layouts = {wide.get(NDArrayIndex.interval(0, 6), NDArrayIndex.interval(0, 6)).dup('c'),
                wide.get(NDArrayIndex.interval(0, 6), NDArrayIndex.interval(0, 6)).dup('f'),
                wide.get(NDArrayIndex.interval(0, 6), NDArrayIndex.interval(3, 9)),
                wide.reshape(18, 6).get(NDArrayIndex.interval(5, 11), NDArrayIndex.all())};
        for (INDArray m : layouts) {
            INDArray picked = Entries.atFlat(m, FLAT, 7, 1);
            assertEquals(type, picked.dataType());
            assertArrayEquals(new long[]{7, 1}, picked.shape());
            for (int k = 0; k < FLAT.length; k++) {
                assertEquals(m.getDouble(FLAT[k] / 6, FLAT[k] % 6), picked.getDouble(k, 0), 0.0, m.ordering() + " " + k);
            }
        }
        INDArray m = layouts[0];
        INDArray diagonal = Entries.perRow(m, new int[]{0, 1, 2, 3, 4, 5});
        for (int i = 0; i < 6; i++) assertEquals(m.getDouble(i, i), diagonal.getDouble(i, 0), 0.0);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF"})
    void addAtFlatAddsEachValueInTurnAndWritesThroughAViewOfRows(DataType type) {
        INDArray values = Nd4j.createFromArray(0.5, 1.5, 2.0, -0.75, 4.0, 0.25, -3.0).reshape(7, 1).castTo(type);
        INDArray parent = RandomArrays.gaussian(DataType.DOUBLE, 4, 10, 6).castTo(type);
        INDArray before = parent.dup();
        INDArray rows = parent.get(NDArrayIndex.interval(2, 8), NDArrayIndex.all());   // a view with an offset
        assertTrue(rows.isView());
        INDArray back = Entries.addAtFlat(rows, FLAT, values);
        assertTrue(back == rows);
        INDArray expected = before.dup();
        for (int k = 0; k < FLAT.length; k++) {
            int i = 2 + FLAT[k] / 6;
            int j = FLAT[k] % 6;
            expected.putScalar(i, j, expected.getDouble(i, j) + values.getDouble(k, 0));
        }
        assertEquals(expected, parent, "rows 0, 1, 8, 9 untouched, the repeat at (2,1) added twice");
    }

    @Test
    void addAtFlatRefusesOtherLayoutsAndCounts() {
        INDArray values = Nd4j.ones(DataType.DOUBLE, 7, 1);
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> Entries.addAtFlat(Nd4j.zeros(DataType.DOUBLE, 6, 6).dup('f'), FLAT, values));
        assertTrue(f.getMessage().contains("'f' order"), f.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Entries.addAtFlat(Nd4j.zeros(DataType.DOUBLE, 6, 6), FLAT, Nd4j.ones(DataType.DOUBLE, 6, 1)));
        assertTrue(count.getMessage().contains("expected 7 values, got 6"), count.getMessage());
    }
}
