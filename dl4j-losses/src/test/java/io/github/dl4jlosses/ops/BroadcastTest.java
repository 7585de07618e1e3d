package io.github.dl4jlosses.ops;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each broadcast against a per-element loop over a small random matrix. */
class BroadcastTest {
    private static final int R = 5;
    private static final int C = 7;

    private interface Elementwise {
        double apply(double a, double b);
    }

    private static void assertEach(INDArray expectedFrom, INDArray operand, boolean column, Elementwise f, INDArray actual) {
        assertEquals(R, actual.rows());
        assertEquals(C, actual.columns());
        for (int i = 0; i < R; i++) {
            for (int j = 0; j < C; j++) {
                double b = column ? operand.getDouble(i) : operand.getDouble(j);
                assertEquals(f.apply(expectedFrom.getDouble(i, j), b), actual.getDouble(i, j), 1e-6, "at " + i + "," + j);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void columnAndRowOperationsMatchALoop(DataType type) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(type, R, C).addi(0.5);
        INDArray col = Nd4j.rand(type, R, 1).addi(0.5);
        INDArray row = Nd4j.rand(type, 1, C).addi(0.5);
        INDArray before = x.dup();

        assertEach(x, col, true, (a, b) -> a * b, Broadcast.mulColumn(x, col));
        assertEach(x, col, true, (a, b) -> a / b, Broadcast.divColumn(x, col));
        assertEach(x, col, true, (a, b) -> a - b, Broadcast.subColumn(x, col));
        assertEquals(before, x, "the non-i methods must not write into x");

        assertEach(before, col, true, (a, b) -> a * b, Broadcast.muliColumn(x.dup(), col));
        assertEach(before, col, true, (a, b) -> a / b, Broadcast.diviColumn(x.dup(), col));
        assertEach(before, col, true, (a, b) -> a + b, Broadcast.addiColumn(x.dup(), col));
        assertEach(before, col, true, (a, b) -> a - b, Broadcast.subiColumn(x.dup(), col));
        assertEach(before, row, false, (a, b) -> a + b, Broadcast.addiRow(x.dup(), row));
        assertEach(before, row, false, (a, b) -> a - b, Broadcast.subiRow(x.dup(), row));

        INDArray target = x.dup();
        assertSame(target, Broadcast.muliColumn(target, col), "in-place methods return x");
    }

    @Test
    void aVectorIsTakenAsAColumnNotBroadcastAlongTheRows() {
        INDArray x = Nd4j.ones(DataType.DOUBLE, R, R);
        INDArray v = Nd4j.linspace(DataType.DOUBLE, 1, R, 1);   // [R], same length as a row
        INDArray y = Broadcast.mulColumn(x, v);
        for (int i = 0; i < R; i++) {
            assertEquals(i + 1.0, y.getDouble(i, 0), 0.0);
            assertEquals(i + 1.0, y.getDouble(i, R - 1), 0.0);
        }
    }

    @Test
    void aColumnOfTheWrongLengthIsRejected() {
        INDArray x = Nd4j.ones(DataType.DOUBLE, R, C);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Broadcast.mulColumn(x, Nd4j.ones(DataType.DOUBLE, R + 1, 1)));
        assertTrue(e.getMessage().contains("expected a column of 5 values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Broadcast.addiRow(x, Nd4j.ones(DataType.DOUBLE, 1, C - 1)));
    }
}
