package io.github.dl4jlosses.testutil;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/** Seeded random inputs built from java.util.Random so they do not depend on ND4J's RNG. */
public final class RandomArrays {
    private RandomArrays() {
    }

    public static INDArray gaussian(DataType type, long seed, int rows, int cols) {
        Random r = new Random(seed);
        double[][] v = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i][j] = r.nextGaussian();
            }
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    /** [rows,1] of 0/1, both values present when rows >= 2. */
    public static INDArray binaryLabels(DataType type, long seed, int rows) {
        Random r = new Random(seed);
        double[][] v = new double[rows][1];
        for (int i = 0; i < rows; i++) {
            v[i][0] = i < 2 ? i : r.nextInt(2);
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    /** [rows,1] class ids in [0, classes), each class appearing at least twice when rows >= 2·classes. */
    public static INDArray classIds(DataType type, long seed, int rows, int classes) {
        Random r = new Random(seed);
        double[][] v = new double[rows][1];
        for (int i = 0; i < rows; i++) {
            v[i][0] = i < 2 * classes ? i % classes : r.nextInt(classes);
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    /** [rows,1] mask with row 1 and the last row masked out (rows >= 3). */
    public static INDArray maskWithHoles(DataType type, int rows) {
        INDArray m = Nd4j.ones(type, rows, 1);
        m.putScalar(1, 0, 0.0);
        m.putScalar(rows - 1, 0, 0.0);
        return m;
    }

    public static double[][] toDouble(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }
}
