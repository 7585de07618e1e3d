package io.github.dl4jlosses.heads;

import io.github.dl4jlosses.ops.HostValues;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.EqualTo;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The labels a head takes, turned into a one-hot target matrix {@code Y [B,C]} in the network's data type, with
 * masked rows all zero. Labels are either class ids {@code [B,1]} (integers in {@code [0,C)}) or one-hot
 * {@code [B,C]} (0/1, exactly one 1 per row); with {@code C = 1} a width-1 array is read as class ids. Masked
 * rows are not checked (padding rows may hold anything). The checks are whole-array ND4J reductions; only a
 * failing check walks the rows, to name the first offending one.
 */
final class HeadLabels {
    private HeadLabels() {
    }

    /**
     * @param who     the layer, as error messages name it
     * @param rowMask {@code [B,1]} of 0/1 in {@code type}
     */
    static INDArray targets(String who, INDArray labels, long rows, long classes, INDArray rowMask, DataType type) {
        if (labels == null) {
            throw new IllegalArgumentException(who + ": expected labels ([" + rows + ",1] class ids or [" + rows
                    + "," + classes + "] one-hot), got null");
        }
        if (labels.rank() != 2 || labels.size(0) != rows || (labels.size(1) != 1 && labels.size(1) != classes)) {
            throw new IllegalArgumentException(who + ": expected labels of shape [" + rows + ",1] (class ids) or ["
                    + rows + "," + classes + "] (one-hot over the layer's " + classes + " classes), got "
                    + Arrays.toString(labels.shape()));
        }
        return labels.size(1) == 1 ? fromIds(who, labels, classes, rowMask, type)
                : fromOneHot(who, labels, classes, rowMask, type);
    }

    private static INDArray fromIds(String who, INDArray labels, long classes, INDArray rowMask, DataType type) {
        INDArray ids = labels.castTo(DataType.DOUBLE).mul(rowMask.castTo(DataType.DOUBLE));   // masked rows → id 0
        double min = ids.minNumber().doubleValue();
        double max = ids.maxNumber().doubleValue();
        boolean integral = ids.sub(Transforms.floor(ids, true)).amaxNumber().doubleValue() == 0;
        if (!(min >= 0) || !(max < classes) || !integral) {
            double[] v = ids.reshape(-1).toDoubleVector();
            for (int i = 0; i < v.length; i++) {
                if (!(v[i] >= 0 && v[i] < classes && v[i] == Math.floor(v[i]))) {
                    throw new IllegalArgumentException(String.format(
                            "%s: expected class ids that are integers in [0, %d), got %s at row %d", who, classes,
                            v[i], i));
                }
            }
            throw new IllegalArgumentException(who + ": expected integer class ids in [0, " + classes + "), got "
                    + Arrays.toString(v));
        }
        // masked rows get id −1: no column matches, their one-hot row is all zero
        INDArray m = rowMask.castTo(DataType.DOUBLE);
        return oneHot(ids.addi(m).subi(1.0), classes, type);          // ids were multiplied by the mask
    }

    /**
     * {@code out_ij = 1} where {@code ids_i = j}, else 0 ({@code [N, depth]} in {@code type}; an id outside
     * {@code [0, depth)} gives a zero row): one broadcast comparison and one cast.
     */
    static INDArray oneHot(INDArray ids, long depth, DataType type) {
        long n = ids.length();
        DataType cmp = type == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        INDArray column = ids.reshape(n, 1).castTo(cmp);
        INDArray row = Nd4j.arange(0, depth).castTo(cmp).reshape(1, depth);
        INDArray hit = Nd4j.createUninitialized(DataType.BOOL, n, depth);
        Nd4j.exec(new EqualTo(column, row, hit));
        return hit.castTo(type);
    }

    private static INDArray fromOneHot(String who, INDArray labels, long classes, INDArray rowMask, DataType type) {
        INDArray y = labels.castTo(type).mulColumnVector(rowMask);
        boolean binary = y.mul(y.rsub(1.0)).amaxNumber().doubleValue() == 0;
        boolean oneEach = y.sum(true, 1).sub(rowMask).amaxNumber().doubleValue() == 0;
        if (!binary || !oneEach) {
            double[][] v = HostValues.doubleRows(y);
            double[] m = rowMask.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            for (int i = 0; i < v.length; i++) {
                if (m[i] == 0) {
                    continue;
                }
                double sum = 0;
                boolean ok = true;
                for (double x : v[i]) {
                    ok &= x == 0 || x == 1;
                    sum += x;
                }
                if (!ok || sum != 1) {
                    throw new IllegalArgumentException(String.format(
                            "%s: expected one-hot labels (0/1, exactly one 1 per row) over %d classes, got row %d = %s",
                            who, classes, i, Arrays.toString(v[i])));
                }
            }
        }
        return y;
    }
}
