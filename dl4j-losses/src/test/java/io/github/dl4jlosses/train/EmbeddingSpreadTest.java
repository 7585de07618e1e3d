package io.github.dl4jlosses.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relative spread that decides collapse: 0 for equal rows, scale-free, near 1 for independent zero-mean rows. */
class EmbeddingSpreadTest {
    private static INDArray gaussian(long seed, int rows, int cols) {
        java.util.Random r = new java.util.Random(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) for (int j = 0; j < cols; j++) row[j] = r.nextGaussian();
        return Nd4j.createFromArray(v).castTo(DataType.FLOAT);
    }

    @Test
    void equalRowsHaveNoSpreadWhateverTheirValue() {
        INDArray row = gaussian(1, 1, 16);
        assertEquals(0.0, EmbeddingSpread.of(Nd4j.tile(row, 32, 1)), 1e-7);
        assertEquals(0.0, EmbeddingSpread.of(Nd4j.zeros(DataType.FLOAT, 32, 16)), 0.0, "all-zero rows are collapsed too");
    }

    @Test
    void independentRowsSpreadNearOneAtAnyScale() {
        INDArray x = gaussian(2, 256, 16);
        double spread = EmbeddingSpread.of(x);
        assertEquals(1.0, spread, 0.05);
        assertEquals(spread, EmbeddingSpread.of(x.mul(1e4)), 1e-5, "scale-free");
        assertEquals(spread, EmbeddingSpread.of(x.castTo(DataType.HALF)), 1e-2, "HALF is measured in FLOAT");
    }

    @Test
    void rowsAtFloatNoiseFromOnePointAreBelowTheDefaultTolerance() {
        INDArray point = gaussian(3, 1, 16);
        INDArray x = Nd4j.tile(point, 32, 1).add(gaussian(4, 32, 16).mul(1e-7));
        assertTrue(EmbeddingSpread.of(x) < 1e-4, "spread " + EmbeddingSpread.of(x));
    }

    @Test
    void undefinedForOneRowOrNonFiniteValues() {
        assertTrue(Double.isNaN(EmbeddingSpread.of(gaussian(5, 1, 8))));
        INDArray x = gaussian(6, 4, 8);
        x.putScalar(1, 2, Double.NaN);
        assertTrue(Double.isNaN(EmbeddingSpread.of(x)));
    }

    @Test
    void convolutionalActivationsAreFlattenedPerExample() {
        INDArray x = gaussian(7, 8, 2 * 3 * 3).reshape(8, 2, 3, 3);
        assertEquals(EmbeddingSpread.of(x.reshape(8, 18)), EmbeddingSpread.of(x), 1e-12);
    }
}
