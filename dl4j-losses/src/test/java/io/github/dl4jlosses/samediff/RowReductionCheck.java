package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.testutil.FiniteDifferences;
import io.github.dl4jlosses.testutil.NaiveDistances;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The check shared by the tests of the row reductions ({@link SquaredRowNorms}, {@link RowNorms}): the op's value
 * {@code [B,1]} against a loop over each row, and SameDiff's gradient of {@code Σ_i sin(op(m)_i + v_i)} against central
 * differences of the same loops, in the given data type.
 */
final class RowReductionCheck {
    private RowReductionCheck() {
    }

    /**
     * Runs the check on {@code m} ({@code [5, width]}, DOUBLE, cast to {@code type}) and returns the gradient, in DOUBLE,
     * and the op names of the gradient graph (for the caller's assertions on the backprop).
     */
    static Result check(DataType type, INDArray m, BiFunction<SameDiff, SDVariable, SDVariable> op,
                        ToDoubleFunction<double[]> ofRow) {
        int width = (int) m.columns();
        INDArray vIn = RandomArrays.gaussian(DataType.DOUBLE, 52, m.rows(), 1);
        SameDiff sd = SameDiff.create();
        SDVariable mv = sd.placeHolder("m", type, -1, width);
        SDVariable v = sd.placeHolder("v", type, -1, 1);
        SDVariable out = op.apply(sd, mv);
        sd.setLossVariables(sd.math().sin(out.add(v)).sum("loss"));
        sd.createGradFunction("m");
        Map<String, INDArray> ph = Map.of("m", m.castTo(type), "v", vIn.castTo(type));
        INDArray value = sd.outputSingle(ph, out.name());
        INDArray grad = sd.calculateGradients(ph, "m").get("m").castTo(DataType.DOUBLE);

        double[][] ms = m.toDoubleMatrix();
        double[] vs = vIn.toDoubleVector();
        assertArrayEquals(new long[]{m.rows(), 1}, value.shape());
        for (int i = 0; i < ms.length; i++) {
            double expected = ofRow.applyAsDouble(ms[i]);
            assertEquals(expected, value.getDouble(i, 0), (type == DataType.FLOAT ? 1e-6 : 1e-15) * (1 + expected));
        }
        assertFalse(grad.isNaN().any() || grad.isInfinite().any(), "a finite gradient");
        double[][] numeric = FiniteDifferences.central(ms, a -> {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += Math.sin(ofRow.applyAsDouble(a[i]) + vs[i]);
            }
            return sum;
        }, 1e-6);
        FiniteDifferences.assertCloseToLargest(numeric, grad.toDoubleMatrix(), type == DataType.FLOAT ? 1e-5 : 1e-8, -1);
        return new Result(grad, OpNames.of(sd.getFunction("grad")));
    }

    /** {@code distance} of {@code row} from the origin, by the loops of {@link NaiveDistances}. */
    static double fromOrigin(Distance distance, double[] row) {
        return NaiveDistances.of(distance, row, new double[row.length]);
    }

    /** The gradient w.r.t. m (DOUBLE) and the gradient graph's op names with their counts. */
    static final class Result {
        final INDArray gradient;
        final Map<String, Long> backprop;

        Result(INDArray gradient, Map<String, Long> backprop) {
            this.gradient = gradient;
            this.backprop = backprop;
        }
    }
}
