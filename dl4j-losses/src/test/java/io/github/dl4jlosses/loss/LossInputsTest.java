package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each check directly: what it accepts, and a message naming the loss, the expectation and what came. */
class LossInputsTest {
    private static final INDArray PRE = Nd4j.zeros(DataType.FLOAT, 4, 6);

    private static void rejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith("L: "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "«" + e.getMessage() + "» should contain «" + f + "»");
        }
    }

    @Test
    void tupleWidthSplitsIntoEqualBlocks() {
        assertEquals(3, LossInputs.requireTupleWidth("L", PRE, 2, "[a | b]"));
        assertEquals(2, LossInputs.requireTupleWidth("L", PRE, 3, "[a | p | n]"));
        rejected(() -> LossInputs.requireTupleWidth("L", PRE, 4, "[x]"), "[B, 4·D]", "[4, 6]", "width 6");
        rejected(() -> LossInputs.requireTupleWidth("L", Nd4j.zeros(DataType.FLOAT, 4, 0), 2, "[a | b]"), "width 0");
    }

    @Test
    void matricesRowsAndTypes() {
        rejected(() -> LossInputs.requireMatrix("L", "preOutput", null), "got null");
        rejected(() -> LossInputs.requireMatrix("L", "preOutput", Nd4j.zeros(DataType.FLOAT, 6)), "rank-2", "[6]");
        rejected(() -> LossInputs.requireInBatchRows("L", Nd4j.zeros(DataType.FLOAT, 1, 6), "pairs"), "at least 2 rows (pairs)", "got 1");
        assertDoesNotThrow(() -> LossInputs.requireInBatchRows("L", PRE, "pairs"));
        rejected(() -> LossInputs.requireFloatingPoint("L", Nd4j.zeros(DataType.INT, 4, 6)), "floating-point", "INT");
        assertDoesNotThrow(() -> LossInputs.requireFloatingPoint("L", Nd4j.zeros(DataType.HALF, 4, 6)));
    }

    @Test
    void labelsAndMasksFollowTheRows() {
        assertDoesNotThrow(() -> LossInputs.requireLabelRows("L", null, PRE));
        rejected(() -> LossInputs.requireLabelRows("L", Nd4j.zeros(DataType.FLOAT, 3, 1), PRE), "4 rows", "[3, 1]");
        rejected(() -> LossInputs.requireColumnLabels("L", null, PRE), "[4, 1]", "got null");
        rejected(() -> LossInputs.requireColumnLabels("L", Nd4j.zeros(DataType.FLOAT, 4, 2), PRE), "[4, 1]", "[4, 2]");
        assertDoesNotThrow(() -> LossInputs.requireColumnLabels("L", Nd4j.zeros(DataType.FLOAT, 4, 1), PRE));
        assertDoesNotThrow(() -> LossInputs.requireExampleMask("L", Nd4j.ones(DataType.FLOAT, 4), PRE));
        assertDoesNotThrow(() -> LossInputs.requireExampleMask("L", Nd4j.ones(DataType.FLOAT, 4, 1), PRE));
        rejected(() -> LossInputs.requireExampleMask("L", Nd4j.ones(DataType.FLOAT, 4, 2), PRE), "per-example mask", "[4, 2]");
    }

    /** The number and option rules (once LossInputs' own methods, now each option's {@link Option}). */
    @Test
    void numbersAndOptions() {
        Option<Double> margin = Option.nonNegative("margin", 1.0);
        assertEquals(0.0, margin.check("L", 0.0));
        rejected(() -> margin.check("L", -0.1), "margin", ">= 0", "-0.1");
        rejected(() -> margin.check("L", Double.NaN), "NaN");
        rejected(() -> margin.check("L", Double.POSITIVE_INFINITY), "Infinity");
        rejected(() -> Option.positive("tau", 1.0).check("L", 0.0), "tau", "> 0");
        Option<Integer> k = Option.integerAtLeast("k", 1, 1);
        assertEquals(3, k.check("L", 3));
        rejected(() -> k.check("L", 0), "k", ">= 1", "got 0");
        Option<Distance> distance = Option.choice("distance", Distance.class, Distance.EUCLIDEAN);
        rejected(() -> distance.check("L", null), "distance", "got null");
        assertEquals(Distance.COSINE, distance.check("L", "COSINE"));
    }

    /**
     * Every non-finite entry is found, wherever it lies (the vector kernels' lane tails included, FLOAT whole-buffer
     * matrices taking their route where the module is on, views and DOUBLE libnd4j's sum), and finite values whose
     * sum or squares overflow are accepted.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} [{1},{2}] view {3}")
    @org.junit.jupiter.params.provider.CsvSource({"FLOAT,3,37,false", "FLOAT,64,129,false", "FLOAT,64,129,true",
            "DOUBLE,5,17,false", "HALF,4,9,false"})
    void finiteValuesPassAndEachNonFiniteEntryIsNamed(DataType type, int rows, int columns, boolean view) {
        java.util.function.Supplier<INDArray> make = () -> {
            INDArray base = Nd4j.rand(DataType.DOUBLE, rows, view ? columns + 3 : columns).subi(0.5).castTo(type);
            return view ? base.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(1, columns + 1)) : base;
        };
        assertDoesNotThrow(() -> LossInputs.requireFinite("L", "preOutput", make.get()));
        double large = type == DataType.HALF ? 6e4 : type == DataType.FLOAT ? 3e38 : 1.7e308;
        INDArray big = make.get().assign(large);            // every sum and square overflows; every value is finite
        assertDoesNotThrow(() -> LossInputs.requireFinite("L", "preOutput", big));
        int[][] places = {{0, 0}, {rows - 1, columns - 1}, {rows / 2, columns / 2}, {rows - 1, 0}};
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int[] at : places) {
            for (double v : bad) {
                INDArray x = make.get();
                x.putScalar(at[0], at[1], v);
                rejected(() -> LossInputs.requireFinite("L", "preOutput", x), "expected finite values in preOutput",
                        "row " + at[0] + ", column " + at[1]);
            }
        }
    }
}
