package io.github.dl4jlosses.heads;

/**
 * The heads' losses written the slow, obvious way: loops over rows, classes and sub-centres in double, the
 * ArcFace margin through {@code acos}/{@code cos(θ + m)} and its fallbacks as the papers state them. Returns
 * per-example losses (mean = the batch loss); masked rows are 0.
 */
final class NaiveHeads {
    private NaiveHeads() {
    }

    /** cos[i][j] = max over sub-centres of cos(x_i, w_{j,k}), w[D][C·K] column c·K + k. */
    static double[][] classCosines(double[][] x, double[][] w, int classes, int k) {
        int b = x.length;
        int d = x[0].length;
        double[][] cos = new double[b][classes];
        for (int i = 0; i < b; i++) {
            double nx = 0;
            for (int t = 0; t < d; t++) {
                nx += x[i][t] * x[i][t];
            }
            nx = Math.sqrt(nx);
            for (int j = 0; j < classes; j++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < k; s++) {
                    int col = j * k + s;
                    double dot = 0;
                    double nw = 0;
                    for (int t = 0; t < d; t++) {
                        dot += x[i][t] * w[t][col];
                        nw += w[t][col] * w[t][col];
                    }
                    best = Math.max(best, dot / (nx * Math.sqrt(nw)));
                }
                cos[i][j] = best;
            }
        }
        return cos;
    }

    static double[] perExample(CosineHead head, double[][] x, double[][] w, int[] y, double[] mask) {
        int classes = (int) head.classes();
        double[][] cos = classCosines(x, w, classes, head.subCentres());
        if (head instanceof ProxyAnchor) {
            return proxyAnchor((ProxyAnchor) head, cos, y, mask);
        }
        MarginSoftmaxHead h = (MarginSoftmaxHead) head;
        double s = h.getScale();
        double m = h.getMargin();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (mask[i] == 0) {
                continue;
            }
            double c = cos[i][y[i]];
            double target;
            if (h instanceof CosFace) {
                target = c - m;
            } else {
                double theta = Math.acos(c);
                boolean easy = ((ArcFace) h).isEasyMargin();
                if (easy) {
                    target = theta < Math.PI / 2 ? Math.cos(theta + m) : c;
                } else {
                    target = theta + m < Math.PI ? Math.cos(theta + m) : c - m * Math.sin(m);
                }
            }
            double[] z = new double[classes];
            double top = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                z[j] = s * (j == y[i] ? target : cos[i][j]);
                top = Math.max(top, z[j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(z[j] - top);
            }
            out[i] = top + Math.log(sum) - z[y[i]];
        }
        return out;
    }

    /** Kim 2020, eq. 4, with each proxy's terms attributed to its rows in proportion to their exp terms. */
    private static double[] proxyAnchor(ProxyAnchor h, double[][] cos, int[] y, double[] mask) {
        int b = cos.length;
        int classes = cos[0].length;
        double a = h.getAlpha();
        double delta = h.getDelta();
        double[] out = new double[b];
        int withPositives = 0;
        for (int p = 0; p < classes; p++) {
            for (int i = 0; i < b; i++) {
                if (mask[i] != 0 && y[i] == p) {
                    withPositives++;
                    break;
                }
            }
        }
        for (int p = 0; p < classes; p++) {
            double posSum = 0;
            double negSum = 0;
            for (int i = 0; i < b; i++) {
                if (mask[i] == 0) {
                    continue;
                }
                if (y[i] == p) {
                    posSum += Math.exp(-a * (cos[i][p] - delta));
                } else {
                    negSum += Math.exp(a * (cos[i][p] + delta));
                }
            }
            for (int i = 0; i < b; i++) {
                if (mask[i] == 0) {
                    continue;
                }
                if (y[i] == p) {
                    out[i] += b * Math.log1p(posSum) / withPositives * Math.exp(-a * (cos[i][p] - delta)) / posSum;
                } else {
                    out[i] += b * Math.log1p(negSum) / classes * Math.exp(a * (cos[i][p] + delta)) / negSum;
                }
            }
        }
        return out;
    }
}
