package io.github.dl4jlosses.mining;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PositivePairsTest {
    private static final INDArray POSITIVES = Nd4j.createFromArray(new double[][]{
            {0, 1, 0, 1}, {1, 0, 0, 1}, {0, 0, 0, 0}, {1, 1, 0, 0}});

    @Test
    void pairsInRowMajorOrder() {
        PositivePairs p = PositivePairs.of(POSITIVES);
        assertEquals(6, p.count);
        assertArrayEquals(new long[]{0, 0, 1, 1, 3, 3}, p.anchor.toLongVector());
        assertArrayEquals(new long[]{1, 3, 0, 3, 0, 1}, p.positive.toLongVector());
        assertEquals(0, PositivePairs.of(Nd4j.zeros(3, 3)).count);
    }

    @Test
    void gathersAndSegmentSumsOnSlicesOfAnyLength() {
        INDArray m = Nd4j.arange(16).reshape(4, 4).castTo(DataType.DOUBLE);
        PositivePairs all = PositivePairs.of(POSITIVES);
        for (int from = 0; from < 6; from++) {
            for (int to = from + 1; to <= 6; to++) {
                PositivePairs p = all.slice(from, to);
                INDArray rows = p.anchorRows(m);
                INDArray expectedByAnchor = Nd4j.zeros(DataType.DOUBLE, 4, 4);
                INDArray expectedAt = Nd4j.zeros(DataType.DOUBLE, 4, 4);
                for (int k = 0; k < p.count; k++) {
                    long a = all.anchor.getLong(from + k);
                    long q = all.positive.getLong(from + k);
                    assertEquals(m.getRow(a), rows.getRow(k));
                    assertEquals(m.getDouble(a, q), p.atPairs(m).getDouble(k, 0), 0.0);
                    expectedByAnchor.getRow(a).addi(m.getRow(a));
                    expectedAt.putScalar(a, q, expectedAt.getDouble(a, q) + m.getDouble(a, q));
                }
                assertEquals(expectedByAnchor, p.sumByAnchor(rows), "slice " + from + ".." + to);
                assertEquals(expectedAt, p.sumAt(p.positive, p.atPairs(m)), "slice " + from + ".." + to);
            }
        }
    }
}
