package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A matrix combined with a column {@code [R,1]} (one value per row) or a row {@code [1,C]}, through
 * libnd4j's broadcasting arithmetic ops.
 * <p>
 * Each method takes the faster of ND4J 1.0.0-M2.1's two routes, measured on the build machine (one thread,
 * {@code [1024,1024]} and {@code [1024,512]} matrices): into a new array, the broadcasting custom ops
 * ({@code multiply}, {@code divide}, {@code subtract}) beat {@code INDArray.mulColumnVector} and friends,
 * which run a "scalar along dimension" op one row at a time (FLOAT 184 µs vs 320 µs, DOUBLE 381 µs vs
 * 712 µs); in place, the custom ops are the slow ones (they stage the aliased output: 971 µs vs 180 µs), so
 * the in-place methods keep ND4J's {@code muliColumnVector} / {@code addiRowVector} family. The methods
 * ending in {@code i} work in place and return {@code x}; the others return a new array. Operands must share
 * a data type.
 */
public final class Broadcast {
    private Broadcast() {
    }

    /** @return {@code x * column}, each row scaled by its value, as a new array */
    public static INDArray mulColumn(INDArray x, INDArray column) {
        return Nd4j.exec(new MulOp(x, column(x, column), fresh(x)))[0];
    }

    /** @return {@code x * row}, each column scaled by its value, as a new array */
    public static INDArray mulRow(INDArray x, INDArray row) {
        return Nd4j.exec(new MulOp(x, row(x, row), fresh(x)))[0];
    }

    /** @return {@code x}, each row multiplied in place by its value of {@code column} */
    public static INDArray muliColumn(INDArray x, INDArray column) {
        return x.muliColumnVector(column(x, column));
    }

    /** @return {@code x / column}, each row divided by its value, as a new array */
    public static INDArray divColumn(INDArray x, INDArray column) {
        return Nd4j.exec(new DivOp(x, column(x, column), fresh(x)))[0];
    }

    /** @return {@code x}, each row divided in place by its value of {@code column} */
    public static INDArray diviColumn(INDArray x, INDArray column) {
        return x.diviColumnVector(column(x, column));
    }

    /** @return {@code x - column}, each row minus its value, as a new array */
    public static INDArray subColumn(INDArray x, INDArray column) {
        return Nd4j.exec(new SubOp(x, column(x, column), fresh(x)))[0];
    }

    /** @return {@code x}, each row minus its value of {@code column}, in place */
    public static INDArray subiColumn(INDArray x, INDArray column) {
        return x.subiColumnVector(column(x, column));
    }

    /** @return {@code x}, each row plus its value of {@code column}, in place */
    public static INDArray addiColumn(INDArray x, INDArray column) {
        return x.addiColumnVector(column(x, column));
    }

    /** @return {@code x}, with {@code row} subtracted from every row in place */
    public static INDArray subiRow(INDArray x, INDArray row) {
        return x.subiRowVector(row(x, row));
    }

    /** @return {@code x}, with {@code row} added to every row in place */
    public static INDArray addiRow(INDArray x, INDArray row) {
        return x.addiRowVector(row(x, row));
    }

    /** @return {@code x}, every row divided in place by {@code row} */
    public static INDArray diviRow(INDArray x, INDArray row) {
        return x.diviRowVector(row(x, row));
    }

    private static INDArray fresh(INDArray x) {
        return Nd4j.createUninitialized(x.dataType(), x.shape());
    }

    /** As {@code [R,1]}: a vector of R values would otherwise broadcast along the columns. */
    private static INDArray column(INDArray x, INDArray column) {
        if (column.length() != x.size(0)) {
            throw new IllegalArgumentException("Broadcast: expected a column of " + x.size(0)
                    + " values for a matrix of shape " + java.util.Arrays.toString(x.shape()) + ", got shape "
                    + java.util.Arrays.toString(column.shape()));
        }
        return column.rank() == 2 && column.size(1) == 1 ? column : column.reshape(x.size(0), 1);
    }

    /** As {@code [1,C]}. */
    private static INDArray row(INDArray x, INDArray row) {
        if (row.length() != x.size(1)) {
            throw new IllegalArgumentException("Broadcast: expected a row of " + x.size(1)
                    + " values for a matrix of shape " + java.util.Arrays.toString(x.shape()) + ", got shape "
                    + java.util.Arrays.toString(row.shape()));
        }
        return row.rank() == 2 && row.size(0) == 1 ? row : row.reshape(1, x.size(1));
    }
}
