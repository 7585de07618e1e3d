package io.github.dl4jlosses.testutil;

import io.github.dl4jlosses.distance.Distance;

/** Distances written the obvious way, element by element, as an independent reference. */
public final class NaiveDistances {
    private NaiveDistances() {
    }

    public static double of(Distance distance, double[] x, double[] y) {
        switch (distance) {
            case SQUARED_EUCLIDEAN: {
                double s = 0;
                for (int k = 0; k < x.length; k++) s += (x[k] - y[k]) * (x[k] - y[k]);
                return s;
            }
            case EUCLIDEAN:
                return Math.sqrt(of(Distance.SQUARED_EUCLIDEAN, x, y));
            case MANHATTAN: {
                double s = 0;
                for (int k = 0; k < x.length; k++) s += Math.abs(x[k] - y[k]);
                return s;
            }
            case COSINE: {
                double dot = 0, xx = 0, yy = 0;
                for (int k = 0; k < x.length; k++) {
                    dot += x[k] * y[k];
                    xx += x[k] * x[k];
                    yy += y[k] * y[k];
                }
                return 1 - dot / (Math.max(Math.sqrt(xx), 1e-8) * Math.max(Math.sqrt(yy), 1e-8));
            }
            default:
                throw new AssertionError(distance);
        }
    }

    /** Block {@code b} of width {@code d} of row {@code row}. */
    public static double[] block(double[] row, int b, int d) {
        double[] out = new double[d];
        System.arraycopy(row, b * d, out, 0, d);
        return out;
    }
}
