package io.github.dl4jlosses.testutil;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.function.ToDoubleFunction;

/**
 * Central finite differences of {@code Σ_i r_i = computeScore(average=false)} with respect to
 * preOutput, in double precision, compared with the loss's analytic {@code computeGradient}.
 */
public final class FiniteDifferences {
    private FiniteDifferences() {
    }

    public static final double EPS = 1e-6;
    /** Below this absolute difference two gradient entries count as equal (both ~0 or FD noise). */
    public static final double MIN_ABS = 1e-8;

    public static final class Result {
        public final double maxRelError;
        public final double maxAbsGradient;
        public final String worst;

        Result(double maxRelError, double maxAbsGradient, String worst) {
            this.maxRelError = maxRelError;
            this.maxAbsGradient = maxAbsGradient;
            this.worst = worst;
        }

        @Override
        public String toString() {
            return "maxRelError=" + maxRelError + " at " + worst + ", max|grad|=" + maxAbsGradient;
        }
    }

    public static INDArray numericGradient(ILossFunction loss, INDArray labels, INDArray preOutput,
                                           IActivation act, INDArray mask) {
        if (preOutput.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("finite differences need DOUBLE, got " + preOutput.dataType());
        }
        INDArray x = preOutput.dup();
        INDArray numeric = x.like();
        for (long i = 0; i < x.size(0); i++) {
            for (long j = 0; j < x.size(1); j++) {
                double orig = x.getDouble(i, j);
                x.putScalar(i, j, orig + EPS);
                double plus = loss.computeScore(labels, x, act, mask, false);
                x.putScalar(i, j, orig - EPS);
                double minus = loss.computeScore(labels, x, act, mask, false);
                x.putScalar(i, j, orig);
                numeric.putScalar(i, j, (plus - minus) / (2 * EPS));
            }
        }
        return numeric;
    }

    public static Result compare(INDArray analytic, INDArray numeric) {
        double worstRel = 0;
        double maxAbs = 0;
        String worst = "-";
        for (long i = 0; i < analytic.size(0); i++) {
            for (long j = 0; j < analytic.size(1); j++) {
                double a = analytic.getDouble(i, j);
                double n = numeric.getDouble(i, j);
                maxAbs = Math.max(maxAbs, Math.abs(a));
                double abs = Math.abs(a - n);
                double rel = abs < MIN_ABS ? 0 : abs / Math.max(Math.abs(a), Math.abs(n));
                if (rel > worstRel || Double.isNaN(a)) {
                    worstRel = Double.isNaN(a) ? Double.NaN : rel;
                    worst = "(" + i + "," + j + ") analytic=" + a + " numeric=" + n;
                }
            }
        }
        return new Result(worstRel, maxAbs, worst);
    }

    public static Result check(ILossFunction loss, INDArray labels, INDArray preOutput, IActivation act,
                               INDArray mask) {
        INDArray analytic = loss.computeGradient(labels, preOutput, act, mask);
        return compare(analytic, numericGradient(loss, labels, preOutput, act, mask));
    }

    /**
     * Central differences {@code (f(x + h·e_ik) − f(x − h·e_ik)) / 2h} of a function of a matrix given as double
     * loops (a naive loss summed over its rows, say), for every entry of {@code x} outside the rows in {@code skip};
     * {@code x} is restored entry by entry.
     */
    public static double[][] central(double[][] x, ToDoubleFunction<double[][]> f, double h, int... skip) {
        double[][] g = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            final int row = i;
            if (java.util.Arrays.stream(skip).anyMatch(r -> r == row)) {
                continue;
            }
            for (int k = 0; k < x[i].length; k++) {
                double keep = x[i][k];
                x[i][k] = keep + h;
                double up = f.applyAsDouble(x);
                x[i][k] = keep - h;
                double down = f.applyAsDouble(x);
                x[i][k] = keep;
                g[i][k] = (up - down) / (2 * h);
            }
        }
        return g;
    }

    /**
     * Every entry of {@code got} outside row {@code skipped} within {@code tolerance} times the largest entry of
     * {@code numeric} of it (a FLOAT gradient against {@link #central} differences of double loops).
     */
    public static void assertCloseToLargest(double[][] numeric, double[][] got, double tolerance, int skipped) {
        double largest = 0;
        for (double[] row : numeric) {
            for (double v : row) largest = Math.max(largest, Math.abs(v));
        }
        org.junit.jupiter.api.Assertions.assertTrue(largest > 0, "a gradient to compare");
        for (int i = 0; i < numeric.length; i++) {
            if (i == skipped) {
                continue;
            }
            for (int k = 0; k < numeric[i].length; k++) {
                org.junit.jupiter.api.Assertions.assertEquals(numeric[i][k], got[i][k], tolerance * largest,
                        "gradient " + i + "," + k);
            }
        }
    }
}
