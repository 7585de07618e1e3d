package io.github.dl4jlosses.data;

import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test data whose batches can be traced back: every value of example i equals i + 1, so any row of
 * any batch tells which source example it is (and a row mixing two examples is caught), and the
 * source's class of that example is known independently of what the iterator claims.
 */
final class Examples {
    final DataSet dataSet;
    /** Class id of source example i. */
    final int[] classOf;

    private Examples(DataSet dataSet, int[] classOf) {
        this.dataSet = dataSet;
        this.classOf = classOf;
    }

    /** Class c has {@code classSizes[c]} examples; examples are shuffled so classes interleave. */
    static Examples of(int[] classSizes, long[] exampleShape, boolean oneHot, DataType type) {
        List<Integer> classes = new ArrayList<>();
        for (int c = 0; c < classSizes.length; c++) {
            for (int j = 0; j < classSizes[c]; j++) {
                classes.add(c);
            }
        }
        Collections.shuffle(classes, new Random(12345));
        return withClasses(classes.stream().mapToInt(Integer::intValue).toArray(), classSizes.length, exampleShape, oneHot, type);
    }

    static Examples flat(int... classSizes) {
        return of(classSizes, new long[]{3}, false, DataType.FLOAT);
    }

    /** Example i of class {@code classOf[i]}; one-hot labels get {@code width} columns. */
    static Examples withClasses(int[] classOf, int width, long[] exampleShape, boolean oneHot, DataType type) {
        int n = classOf.length;
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        INDArray ids = Nd4j.arange(1, n + 1).castTo(type).reshape(n, 1);
        long perExample = 1;
        for (long s : exampleShape) {
            perExample *= s;
        }
        INDArray features = Nd4j.ones(type, n, perExample).mulColumnVector(ids).reshape('c', shape);
        double[][] labels = new double[n][oneHot ? width : 1];
        for (int i = 0; i < n; i++) {
            if (oneHot) {
                labels[i][classOf[i]] = 1;
            } else {
                labels[i][0] = classOf[i];
            }
        }
        return new Examples(new DataSet(features, Nd4j.createFromArray(labels).castTo(type)), classOf.clone());
    }

    int size() {
        return classOf.length;
    }

    /** The source example each row of a batch is, checking the row is that example untouched. */
    static int[] exampleIds(INDArray batch) {
        long b = batch.size(0);
        double[][] rows = batch.castTo(DataType.DOUBLE).reshape('c', b, batch.length() / b).toDoubleMatrix();
        int[] ids = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double first = rows[i][0];
            for (double v : rows[i]) {
                assertEquals(first, v, "row " + i + " mixes values of several examples");
            }
            ids[i] = (int) first - 1;
        }
        return ids;
    }

    /** Source classes of the examples a batch holds. */
    int[] classesOf(INDArray batch) {
        int[] ids = exampleIds(batch);
        int[] classes = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            classes[i] = classOf[ids[i]];
        }
        return classes;
    }

    /** A [b,1] or [b] column as ints. */
    static int[] column(INDArray labels) {
        assertEquals(1, labels.size(1), "expected a [B,1] column, got " + labels.shapeInfoToString());
        double[] v = labels.castTo(DataType.DOUBLE).reshape(labels.size(0)).toDoubleVector();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.rint(v[i]), v[i], "not a whole number in row " + i);
            out[i] = (int) v[i];
        }
        return out;
    }

    static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message «" + e.getMessage() + "» should contain «" + f + "»");
        }
    }
}
