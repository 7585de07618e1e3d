package io.github.dl4jlosses.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Slow reference for the retrieval metrics, written from pytorch-metric-learning's definitions: plain loops
 * for every similarity, a full boxed sort of each query's row (score descending, lower index first on
 * ties), and PML's cumulative-sum form of MAP@R.
 */
final class NaiveRetrieval {

    /** Recall@K for each K asked, then R-precision, MAP@R, and the number of queries evaluated. */
    static final class Result {
        final double[] recall;
        final double rPrecision;
        final double mapAtR;
        final int queries;

        Result(double[] recall, double rPrecision, double mapAtR, int queries) {
            this.recall = recall;
            this.rPrecision = rPrecision;
            this.mapAtR = mapAtR;
            this.queries = queries;
        }
    }

    private NaiveRetrieval() {
    }

    static Result evaluate(double[][] x, int[] labels, boolean cosine, int[] ks) {
        int n = x.length;
        double[] recallSum = new double[ks.length];
        double rPrecisionSum = 0;
        double mapSum = 0;
        int queries = 0;
        for (int q = 0; q < n; q++) {
            int r = 0;
            for (int j = 0; j < n; j++) {
                if (j != q && labels[j] == labels[q]) {
                    r++;
                }
            }
            if (r == 0) {
                continue; // lone query, skipped as PML does
            }
            queries++;
            final double[] score = new double[n];
            for (int j = 0; j < n; j++) {
                score[j] = cosine ? cosine(x[q], x[j]) : -euclidean(x[q], x[j]);
            }
            Integer[] others = new Integer[n - 1];
            for (int j = 0, c = 0; j < n; j++) {
                if (j != q) {
                    others[c++] = j;
                }
            }
            Arrays.sort(others, Comparator.<Integer>comparingDouble(j -> -score[j]).thenComparingInt(j -> j));
            int[] rel = new int[n - 1];
            for (int i = 0; i < n - 1; i++) {
                rel[i] = labels[others[i]] == labels[q] ? 1 : 0;
            }
            for (int m = 0; m < ks.length; m++) {
                int any = 0;
                for (int i = 0; i < Math.min(ks[m], n - 1); i++) {
                    any |= rel[i];
                }
                recallSum[m] += any;
            }
            int within = 0;
            for (int i = 0; i < r; i++) {
                within += rel[i];
            }
            rPrecisionSum += within / (double) r;
            // PML: cumulative_correct = cumsum(equality); precision_at_ks = cumulative_correct * equality / k;
            // summed over the first R columns, divided by R.
            int[] cumulative = new int[n - 1];
            for (int i = 0; i < n - 1; i++) {
                cumulative[i] = (i == 0 ? 0 : cumulative[i - 1]) + rel[i];
            }
            double summed = 0;
            for (int i = 0; i < r; i++) {
                summed += cumulative[i] * rel[i] / (double) (i + 1);
            }
            mapSum += summed / r;
        }
        double[] recall = new double[ks.length];
        for (int m = 0; m < ks.length; m++) {
            recall[m] = recallSum[m] / queries;
        }
        return new Result(recall, rPrecisionSum / queries, mapSum / queries, queries);
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return dot / (Math.max(Math.sqrt(na), 1e-8) * Math.max(Math.sqrt(nb), 1e-8));
    }

    private static double euclidean(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return Math.sqrt(s);
    }
}
