package io.github.dl4jlosses.distance;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RowwiseDistance}: its value is {@link Distance#rowwise}'s, and adding its gradient into arrays equals {@link RowwiseDistance#gradient}. */
class RowwiseDistanceTest {

    static Stream<Arguments> distancesAndTypes() {
        return Arrays.stream(Distance.values()).flatMap(d -> Stream.of(
                Arguments.of(d, DataType.DOUBLE), Arguments.of(d, DataType.FLOAT)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("distancesAndTypes")
    void agreesWithTheSeparateForms(Distance d, DataType type) {
        // x and y are views of one [B, 2D] array, as the losses pass them; row 2 has x = y (zero distance).
        INDArray xy = RandomArrays.gaussian(type, 3, 5, 14);
        INDArray x = xy.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 7));
        INDArray y = xy.get(NDArrayIndex.all(), NDArrayIndex.interval(7, 14));
        y.getRow(2).assign(x.getRow(2));
        INDArray g = RandomArrays.gaussian(type, 4, 5, 1);
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;

        RowwiseDistance rd = d.rowwiseWithGradient(x, y);
        assertClose(d.rowwise(x, y), rd.value(), tol);
        RowwiseDistance copies = d.rowwiseWithGradient(x.dup(), y.dup());     // the views read as their copies
        assertClose(copies.value(), rd.value(), tol);
        assertClose(copies.gradient(g)[0], rd.gradient(g)[0], tol);
        assertClose(copies.gradient(g)[1], rd.gradient(g)[1], tol);

        INDArray[] expected = rd.gradient(g);
        INDArray gx = Nd4j.ones(type, 5, 7);   // accumulates onto what is there
        INDArray gy = Nd4j.zeros(type, 5, 7);
        rd.addGradient(g, gx, gy);
        assertClose(expected[0].add(1.0), gx, tol);
        assertClose(expected[1], gy, tol);
        assertTrue(!gx.isInfinite().any() && !gx.isNaN().any(), "gradient not finite: " + gx);
        if (rd.isDirectional()) {       // dL/dx = c ⊙ direction, row by row
            assertClose(expected[0], rd.direction().mulColumnVector(rd.coefficient(g)), tol);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()));
        double maxDiff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(maxDiff <= tol * Math.max(1, expected.amaxNumber().doubleValue()),
                "max |difference| " + maxDiff + "\nexpected " + expected + "\nactual " + actual);
    }
}
