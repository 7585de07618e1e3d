package io.github.dl4jlosses.mining;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PositiveSlotsTest {
    // classes: 7 → rows 0, 2, 3; 1 → rows 1, 4; 5 → row 5 (no positive)
    private static final INDArray IDS = Nd4j.createFromArray(7.0, 1.0, 7.0, 7.0, 1.0, 5.0).reshape(6, 1);

    @Test
    void slotsListEachAnchorsPositivesPaddedWithTheAnchor() {
        PositiveSlots s = PositiveSlots.of(IDS);
        assertEquals(2, s.slots);
        assertArrayEquals(new double[]{2, 3, 4, 1, 0, 3, 0, 2, 1, 4, 5, 5},
                s.index(DataType.DOUBLE).reshape(12).toDoubleVector(), 0.0);
        assertArrayEquals(new double[]{1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0},
                s.valid(DataType.DOUBLE).reshape(12).toDoubleVector(), 0.0);
        PositiveSlots second = s.slice(1, 2);
        assertArrayEquals(new double[]{3, 1, 3, 2, 4, 5}, second.index(DataType.DOUBLE).reshape(6).toDoubleVector(), 0.0);
        assertTrue(second.any());
        assertFalse(PositiveSlots.of(Nd4j.createFromArray(1.0, 2.0, 3.0)).any());
    }

    @Test
    void gathersEntriesAndPutsValuesBackAtTheirColumns() {
        PositiveSlots s = PositiveSlots.of(IDS);
        INDArray m = Nd4j.arange(36).reshape(6, 6).castTo(DataType.DOUBLE);
        INDArray at = s.at(m);
        INDArray index = s.index(DataType.DOUBLE);
        INDArray start = Nd4j.linspace(-1, 1, 36, DataType.DOUBLE).reshape(6, 6);
        INDArray expected = start.dup();
        for (int a = 0; a < 6; a++) {
            for (int k = 0; k < 2; k++) {
                int col = index.getInt(a, k);
                assertEquals(m.getDouble(a, col), at.getDouble(a, k), 0.0);
                expected.putScalar(a, col, expected.getDouble(a, col) + at.getDouble(a, k));
            }
        }
        // row 5 has no positive: both its slots name column 5, so its entry is added twice
        assertEquals(start.getDouble(5, 5) + 2 * m.getDouble(5, 5), expected.getDouble(5, 5), 0.0);
        INDArray target = start.dup();
        assertSame(target, s.addAt(target, at), "in place");
        assertEquals(expected, target);
    }

    @Test
    void addAtRefusesArraysNotLaidOutRowByRow() {
        PositiveSlots s = PositiveSlots.of(IDS);
        INDArray values = Nd4j.ones(DataType.DOUBLE, 6, 2);
        IllegalArgumentException view = assertThrows(IllegalArgumentException.class,
                () -> s.addAt(Nd4j.zeros(DataType.DOUBLE, 6, 12).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 6)), values));
        assertTrue(view.getMessage().contains("expected a c-ordered array with its default strides")
                && view.getMessage().contains("strides [12, 1]"), view.getMessage());
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> s.addAt(Nd4j.create(DataType.DOUBLE, new long[]{6, 6}, 'f'), values));
        assertTrue(order.getMessage().contains("'f' order"), order.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.addAt(Nd4j.zeros(DataType.DOUBLE, 6, 5), values));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF"})
    void addAtPutsEachSlotsValueAtItsColumnInEveryType(DataType type) {
        PositiveSlots s = PositiveSlots.of(IDS);
        INDArray values = Nd4j.createFromArray(0.5, 1.5, 2.0, 0.0, -1.0, 3.0, 0.25, -0.5, 4.0, 0.0, 0.0, 0.0)
                .reshape(6, 2).castTo(type);
        INDArray target = Nd4j.zeros(type, 6, 6);
        s.addAt(target, values);
        double[][] expected = new double[6][6];
        expected[0][2] = 0.5; expected[0][3] = 1.5;      // class 7: rows 0, 2, 3
        expected[1][4] = 2.0;                            // class 1: rows 1, 4 (slot 2 invalid, names row 1)
        expected[2][0] = -1.0; expected[2][3] = 3.0;
        expected[3][0] = 0.25; expected[3][2] = -0.5;
        expected[4][1] = 4.0;
        for (int a = 0; a < 6; a++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(expected[a][j], target.getDouble(a, j), 0.0, "(" + a + "," + j + ")");
            }
        }
        assertEquals(type, target.dataType());
    }
}
