package io.github.dl4jlosses.samediff;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SDMasks#max} / {@link SDMasks#min}: the masked extreme of each row and its gradient (1 at the picked entry,
 * 0 elsewhere), at ordinary and at very large magnitudes (the masking offset must stay finite and above the spread),
 * with one whole-matrix reduction backprop in the gradient graph: the offset takes no part in it. Also the masked
 * log-sum-exp against a naive one in double precision (its shift has no gradient), {@link SDMasks#withoutGradient}
 * and {@link SDMasks#sameClass} against loops over the labels.
 */
class SDMasksTest {
    @ParameterizedTest(name = "{0} scale {1} largest {2}")
    @CsvSource({"FLOAT,1,true", "FLOAT,1,false", "FLOAT,1e36,true", "DOUBLE,1e300,false", "DOUBLE,1e-3,true"})
    void maskedExtremeAndItsGradient(DataType type, double scale, boolean largest) {
        double[][] v = {{3, -7, 5, 1}, {-2, 9, 4, -8}, {6, 6, -1, 2}};
        double[][] k = {{1, 1, 0, 1}, {0, 0, 1, 1}, {1, 0, 1, 0}};   // row 0: 5 is masked out
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.var("m", Nd4j.createFromArray(v).castTo(type).muli(scale));
        SDVariable mask = sd.constant("mask", Nd4j.createFromArray(k).castTo(type));
        SDVariable offset = SDMasks.offset(sd, m);
        SDVariable extreme = largest ? SDMasks.max(sd, m, mask, offset) : SDMasks.min(sd, m, mask, offset);
        SDVariable loss = extreme.sum();
        sd.setLossVariables(loss);
        INDArray value = extreme.eval();
        INDArray grad = sd.calculateGradients(null, "m").get("m");
        for (int i = 0; i < 3; i++) {
            int pick = -1;
            for (int j = 0; j < 4; j++) {
                if (k[i][j] == 1 && (pick < 0 || (largest ? v[i][j] > v[i][pick] : v[i][j] < v[i][pick]))) pick = j;
            }
            assertEquals(v[i][pick] * scale, value.getDouble(i, 0), Math.abs(v[i][pick] * scale) * 1e-6, "row " + i);
            for (int j = 0; j < 4; j++) {
                assertEquals(j == pick ? 1.0 : 0.0, grad.getDouble(i, j), 0.0, "gradient " + i + "," + j);
            }
        }
        long reductionBackprops = sd.getFunction("grad").getOps().values().stream()
                .filter(op -> op.getOp().opName().startsWith(largest ? "reduce_max_bp" : "reduce_min_bp")
                        || op.getOp().opName().equals("reduce_max_bp"))
                .count();
        assertEquals(1, reductionBackprops, "the offset's max|M| is not back-propagated");
    }

    /**
     * A small log-sum-exp (multi-similarity's push term for well-separated negatives, {@code log(1 + Σ e^t)} with
     * {@code t ≈ −12}) within FLOAT's absolute rounding of the values near 0: the constant shift adds no rounding of its
     * own (a shift of 35 would, ~4e-6).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"FLOAT", "DOUBLE"})
    void smallLogSumExpKeepsItsDigits(DataType type) {
        double[][] v = {{-12, -13, -12.5, 20}, {-14, -11.5, -30, -12}};
        double[][] k = {{1, 1, 1, 0}, {1, 1, 1, 1}};
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.createFromArray(v).castTo(type));
        SDVariable mask = sd.constant("mask", Nd4j.createFromArray(k).castTo(type));
        INDArray value = SDMasks.logSumExp(sd, x, mask, -75, 25, true).eval();
        for (int i = 0; i < 2; i++) {
            double sum = 0;
            for (int j = 0; j < 4; j++) if (k[i][j] == 1) sum += Math.exp(v[i][j]);
            double expected = Math.log1p(sum);                           // ~1e-5
            // FLOAT: log of the sum 1 + ~1e-5 rounds by up to half an ulp of 1 (6e-8), nothing more
            assertEquals(expected, value.getDouble(i, 0), type == DataType.FLOAT ? 1.2e-7 : 1e-15, "row " + i);
        }
    }

    /**
     * Extremes of a matrix known to lie within ±1 (cosine similarities) with the constant offset of a bound: the same
     * picks as loops, entries at ±1 included, and no pass over the matrix for the offset (no {@code abs}, one
     * {@code reduce_max} and one {@code reduce_min}: the extremes themselves); one computed offset shared by a max and a
     * min makes one {@code abs}.
     */
    @ParameterizedTest(name = "{0} constant {1}")
    @CsvSource({"FLOAT,true", "DOUBLE,true", "FLOAT,false"})
    void extremesOfBoundedEntriesWithOneOffset(DataType type, boolean constant) {
        double[][] v = {{1, -0.25, -1, 0.5}, {-1, -0.75, 1, 0.125}, {0.3, -0.3, 0.9, -1}};
        double[][] k = {{0, 1, 1, 1}, {1, 1, 0, 1}, {0, 1, 0, 1}};
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.var("m", Nd4j.createFromArray(v).castTo(type));
        SDVariable mask = sd.constant("mask", Nd4j.createFromArray(k).castTo(type));
        SDVariable offset = constant ? SDMasks.offset(sd, m, 1.0) : SDMasks.offset(sd, m);
        INDArray max = SDMasks.max(sd, m, mask, offset).eval();
        INDArray min = SDMasks.min(sd, m, mask, offset).eval();
        INDArray argMax = SDMasks.argMax(sd, m, mask, offset).eval();
        INDArray argMin = SDMasks.argMin(sd, m, mask, offset).eval();
        for (int i = 0; i < 3; i++) {
            int hi = -1;
            int lo = -1;
            for (int j = 0; j < 4; j++) {
                if (k[i][j] == 1 && (hi < 0 || v[i][j] > v[i][hi])) hi = j;
                if (k[i][j] == 1 && (lo < 0 || v[i][j] < v[i][lo])) lo = j;
            }
            assertEquals(v[i][hi], max.getDouble(i, 0), 1e-7, "max " + i);
            assertEquals(v[i][lo], min.getDouble(i, 0), 1e-7, "min " + i);
            assertEquals(hi, argMax.getLong(i), "argmax " + i);
            assertEquals(lo, argMin.getLong(i), "argmin " + i);
        }
        long abs = sd.getOps().values().stream().filter(op -> op.getOp().opName().equals("abs")).count();
        assertEquals(constant ? 0 : 1, abs, "passes over the matrix for the offset");
    }

    @ParameterizedTest(name = "{0} scale {1}")
    @CsvSource({"FLOAT,1", "FLOAT,1e30", "FLOAT,1e-30", "DOUBLE,1", "DOUBLE,1e300", "HALF,1", "HALF,1e3"})
    void maskedLogSumExpAndItsGradientAgainstNaiveOnes(DataType type, double scale) {
        double[][] v = {{3, -7, 5, 1}, {-2, 9, 4, -8}, {6, 6, -1, 2}};
        double[][] k = {{1, 1, 0, 1}, {0, 1, 1, 1}, {1, 1, 1, 0}};
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.createFromArray(v).castTo(type).muli(scale));
        SDVariable mask = sd.constant("mask", Nd4j.createFromArray(k).castTo(type));
        // a shift made from the data, beyond the kept entries' spread: neither it nor the row maxima are back-propagated
        SDVariable shift = sd.math().abs(x).max().mul(2.0).add(800.0);
        SDVariable lse = SDMasks.logSumExp(sd, x, mask, shift, false);
        sd.setLossVariables(lse.sum());
        INDArray value = lse.eval();
        INDArray grad = sd.calculateGradients(null, "x").get("x");
        INDArray xs = x.getArr().castTo(DataType.DOUBLE);      // the values as the type holds them
        double tolerance = type == DataType.HALF ? 2e-3 : type == DataType.FLOAT ? 2e-6 : 1e-12;
        for (int i = 0; i < 3; i++) {
            double top = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 4; j++) {
                if (k[i][j] == 1) top = Math.max(top, xs.getDouble(i, j));
            }
            double sum = 0;
            for (int j = 0; j < 4; j++) {
                if (k[i][j] == 1) sum += Math.exp(xs.getDouble(i, j) - top);
            }
            double expected = top + Math.log(sum);
            assertEquals(expected, value.getDouble(i, 0), tolerance * Math.max(1, Math.abs(expected)), "row " + i);
            for (int j = 0; j < 4; j++) {
                double softmax = k[i][j] == 1 ? Math.exp(xs.getDouble(i, j) - top) / sum : 0;
                assertEquals(softmax, grad.getDouble(i, j), tolerance * 2, "gradient " + i + "," + j);
            }
        }
        assertEquals(0, sd.getFunction("grad").getOps().values().stream()
                .filter(op -> op.getOp().opName().equals("reduce_max_bp") || op.getOp().opName().equals("sign"))
                .count(), "neither shift is back-propagated");
    }

    /**
     * Kept entries spread far beyond the exponential's floor ({@link SDMasks#EXP_FLOOR}, 80 below a row's largest):
     * the log-sum-exp, with and without the extra 0 logit, and its gradient against loops in double; the floored entries'
     * share (under e^−80 each) is below either type's rounding, so the floor changes nothing that can be seen.
     */
    @ParameterizedTest(name = "{0} add one {1}")
    @CsvSource({"FLOAT,false", "FLOAT,true", "DOUBLE,false", "DOUBLE,true"})
    void logSumExpOverAWideSpreadMatchesLoops(DataType type, boolean addOne) {
        double[][] v = {{0, -3, -79, -81, -200, 4}, {-150, -60, -2, -90, -85, 1}, {30, 29.5, -70, -95, 28, -40}};
        double[][] k = {{1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 0, 1}};  // the last column mostly out
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.createFromArray(v).castTo(type));
        SDVariable mask = sd.constant("mask", Nd4j.createFromArray(k).castTo(type));
        SDVariable lse = SDMasks.logSumExp(sd, x, mask, 1000.0, addOne);
        sd.setLossVariables(lse.sum());
        INDArray value = lse.eval();
        INDArray grad = sd.calculateGradients(null, "x").get("x");
        double tolerance = type == DataType.FLOAT ? 2e-6 : 1e-12;
        for (int i = 0; i < 3; i++) {
            double expected = naiveLogSumExp(v[i], k[i], addOne);
            assertEquals(expected, value.getDouble(i, 0), tolerance * Math.max(1, Math.abs(expected)), "row " + i);
            for (int j = 0; j < 6; j++) {
                double softmax = k[i][j] == 1 ? Math.exp(v[i][j] - expected) : 0;
                assertEquals(softmax, grad.getDouble(i, j), tolerance, "gradient " + i + "," + j);
            }
        }
    }

    /**
     * The log-sum-exp of logits within a known range: entries spread over the whole range (its ends included), a row
     * with a single kept entry and a row keeping nothing, with and without the extra 0 logit, against loops in double.
     * Ranges up to {@link SDMasks#CONSTANT_SHIFT_RANGE} (with 0 for {@code addOne}) in FLOAT and DOUBLE take one
     * constant shift (no row maximum in the graph, masked-out gradients exactly 0); wider ones and HALF take the
     * row-maximum path. A row keeping nothing gives exactly 0 with {@code addOne} and a finite value without.
     */
    @ParameterizedTest(name = "{0} [{1}, {2}] add one {3}: constant shift {4}")
    @CsvSource({"FLOAT,-75,25,true,true", "DOUBLE,-75,25,true,true", "FLOAT,-1,3,true,true",
            "FLOAT,-14.3,14.3,false,true", "DOUBLE,-70,70,false,true", "FLOAT,10,150,false,true",
            "FLOAT,10,140,true,true", "FLOAT,10,150.5,true,false", "FLOAT,-70.5,70.5,false,false",
            "DOUBLE,-100,100,true,false", "HALF,-2,2,true,false", "HALF,-2,2,false,false"})
    void logSumExpOfLogitsInARangeMatchesLoops(DataType type, double lo, double hi, boolean addOne, boolean constant) {
        int rows = 4;
        int cols = 9;
        double[][] v = new double[rows][cols];
        double[][] k = new double[rows][cols];
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i][j] = j == 0 ? lo : j == 1 ? hi : lo + (hi - lo) * random.nextDouble();
                k[i][j] = i == 2 ? (j == 4 ? 1 : 0) : i == 3 ? 0 : random.nextDouble() < 0.6 ? 1 : 0;
            }
        }
        k[0][0] = 1;                                                   // both ends kept in row 0, masked out in row 1
        k[0][1] = 1;
        k[1][0] = 0;
        k[1][1] = 0;
        k[1][5] = 1;
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.createFromArray(v).castTo(type));
        SDVariable mask = sd.constant("mask", Nd4j.createFromArray(k).castTo(type));
        SDVariable lse = SDMasks.logSumExp(sd, x, mask, lo, hi, addOne);
        sd.setLossVariables(lse.sum());
        INDArray value = lse.eval();
        INDArray grad = sd.calculateGradients(null, "x").get("x");
        INDArray xs = x.getArr().castTo(DataType.DOUBLE);
        double tolerance = type == DataType.HALF ? 2e-3 : type == DataType.FLOAT ? 2e-6 : 1e-12;
        for (int i = 0; i < rows; i++) {
            double got = value.getDouble(i, 0);
            assertTrue(Double.isFinite(got), "row " + i + " finite: " + got);
            if (i == 3 && !addOne) {
                continue;                                   // nothing kept, no log-sum-exp: any finite value
            }
            double expected = naiveLogSumExp(xs.getRow(i).toDoubleVector(), k[i], addOne);
            assertEquals(expected, got, tolerance * Math.max(1, Math.abs(expected)), "row " + i);
            for (int j = 0; j < cols; j++) {
                double softmax = k[i][j] == 1 ? Math.exp(xs.getDouble(i, j) - expected) : 0;
                assertEquals(softmax, grad.getDouble(i, j), tolerance * 2, "gradient " + i + "," + j);
                if (k[i][j] == 0 && constant) {
                    assertEquals(0.0, grad.getDouble(i, j), 0.0, "masked-out gradient " + i + "," + j);
                }
            }
        }
        long maxima = sd.getOps().values().stream().filter(op -> op.getOp().opName().equals("reduce_max")).count();
        assertEquals(constant ? 0 : 1, maxima, "row maxima in the graph");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FLOAT", "DOUBLE", "HALF"})
    void withoutGradientKeepsEveryValueAndStopsTheGradient(DataType type) {
        double big = type == DataType.HALF ? 65504 : type == DataType.FLOAT ? 3.4e38 : 1.7e308;
        double tiny = type == DataType.HALF ? 6e-8 : type == DataType.FLOAT ? 1.4e-45 : 4.9e-324;
        double[] v = {1.5, -0.0, big, -big, tiny, Double.NaN, Double.POSITIVE_INFINITY, -3.25};
        INDArray in = Nd4j.createFromArray(v).castTo(type).reshape(2, 4);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", in.dup());
        SDVariable constant = SDMasks.withoutGradient(sd, x);
        INDArray out = constant.eval();
        assertEquals(type, out.dataType());
        for (int i = 0; i < v.length; i++) {
            double expected = in.getDouble(i / 4, i % 4);
            double actual = out.getDouble(i / 4, i % 4);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), "value " + i);
        }
        // Σ x ⊙ c(x): the gradient is c(x) itself, not 2x, as it would be if c(x) carried one
        SameDiff sd2 = SameDiff.create();
        SDVariable y = sd2.var("y", Nd4j.createFromArray(new double[][]{{1, -2}, {3, 0.5}}).castTo(type));
        sd2.setLossVariables(y.mul(SDMasks.withoutGradient(sd2, y)).sum());
        INDArray grad = sd2.calculateGradients(null, "y").get("y");
        assertEquals(y.getArr().castTo(DataType.DOUBLE), grad.castTo(DataType.DOUBLE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ids", "one-hot"})
    void sameClassMatchesALoopOverTheLabels(String form) {
        double[] ids = {3, -1, 3, 0, -0.0, 1L << 40, (1L << 40) + 1, -1, 7};
        int c = 5;
        int[] hot = {2, 0, 2, 4, 1, 1, 3, 0, 4};
        int b = ids.length;
        INDArray labels;
        if (form.equals("ids")) {
            labels = Nd4j.createFromArray(ids).reshape(b, 1);
        } else {
            labels = Nd4j.zeros(DataType.INT32, b, c);
            for (int i = 0; i < b; i++) labels.putScalar(i, hot[i], 1);
        }
        SameDiff sd = SameDiff.create();
        SDVariable l = sd.placeHolder("labels", labels.dataType(), -1, -1);
        SDVariable same = SDMasks.sameClass(sd, l, DataType.FLOAT);
        Map<String, INDArray> feed = Collections.singletonMap("labels", labels);
        INDArray mask = sd.output(feed, same.name()).get(same.name());
        assertEquals(DataType.FLOAT, mask.dataType());
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                boolean expected = form.equals("ids") ? ids[i] == ids[j] : hot[i] == hot[j];
                assertEquals(expected ? 1.0 : 0.0, mask.getDouble(i, j), 0.0, "entry " + i + "," + j);
            }
        }
    }

    /** {@code log(Σ_j keep_j e^(x_j))}, or with {@code addOne} {@code log(1 + Σ …)}, in double, shifted by the largest term. */
    private static double naiveLogSumExp(double[] x, double[] keep, boolean addOne) {
        double top = addOne ? 0 : Double.NEGATIVE_INFINITY;
        for (int j = 0; j < x.length; j++) if (keep[j] == 1) top = Math.max(top, x[j]);
        double sum = addOne ? Math.exp(-top) : 0;
        for (int j = 0; j < x.length; j++) if (keep[j] == 1) sum += Math.exp(x[j] - top);
        return top + Math.log(sum);
    }
}
