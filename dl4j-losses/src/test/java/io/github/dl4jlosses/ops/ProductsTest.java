package io.github.dl4jlosses.ops;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Products#into} a column block of a larger array gives the plain product there and leaves the rest alone. */
class ProductsTest {
    @ParameterizedTest(name = "{0} order {1} transA {2} transB {3}")
    @CsvSource({"DOUBLE,c,false,false", "DOUBLE,c,true,false", "DOUBLE,f,false,true", "FLOAT,c,false,true",
            "FLOAT,f,true,false"})
    void intoAColumnBlockView(DataType type, char order, boolean transA, boolean transB) {
        int rows = 5;
        int inner = 4;
        int width = 3;
        INDArray a = RandomArrays.gaussian(type, 1, transA ? inner : rows, transA ? rows : inner);
        INDArray b = RandomArrays.gaussian(type, 2, transB ? width : inner, transB ? inner : width);
        INDArray whole = RandomArrays.gaussian(type, 3, rows, 3 * width).dup(order);
        INDArray before = whole.dup();
        INDArray block = whole.get(NDArrayIndex.all(), NDArrayIndex.interval(width, 2 * width));

        Products.into(a, b, block, transA, transB, 0.5, 2.0);

        double[][] av = RandomArrays.toDouble(transA ? a.transpose() : a);
        double[][] bv = RandomArrays.toDouble(transB ? b.transpose() : b);
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < 3 * width; c++) {
                double expected = before.getDouble(i, c);
                if (c >= width && c < 2 * width) {
                    double dot = 0;
                    for (int k = 0; k < inner; k++) dot += av[i][k] * bv[k][c - width];
                    expected = 0.5 * dot + 2.0 * expected;
                }
                assertEquals(expected, whole.getDouble(i, c), tol, "entry " + i + "," + c);
            }
        }
    }
}
