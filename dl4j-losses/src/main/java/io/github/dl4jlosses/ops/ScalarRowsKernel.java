package io.github.dl4jlosses.ops;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * {@link VectorRows}' host passes as plain Java loops, for a JVM without the JDK's Vector API module (the default
 * {@code java} command line): the row, masked and diagonal softmaxes, the tuple losses' block distances and gradient,
 * masked row extremes, row scatter-adds, the labelled losses' class masks, thresholds and the gradient of mined pairs,
 * row sums, row norms and the way through a row normalisation; and {@link #addTransposed} on every JVM. What most of
 * these passes save over libnd4j's route is its arrays and op calls (five to nine a pass, each a native call and a
 * buffer the collector must trace), not vector arithmetic, so scalar loops keep most of the gain. The softmaxes' cost is
 * their exponentials: {@link Exponentials} takes them in loops the JIT vectorises ({@code Math.exp}, a scalar call, is
 * ~15× slower on Java 17), which puts a softmax at about half of libnd4j's time (session 37).
 * <p>
 * Each row is copied to a heap array (one bulk copy), as in {@code VectorRowsKernel}, and the results are the same up
 * to the order of the additions within a row.
 */
final class ScalarRowsKernel implements VectorRows.HostKernel {

    @Override
    public void maskedExtremes(FloatBuffer x, FloatBuffer mask, boolean largest, float[] value, int[] index, int from,
                               int to, int columns) {
        float[] row = new float[columns];
        float[] keep = new float[columns];
        if (mask == null) {
            Arrays.fill(keep, 1f);                      // no mask: every entry kept
        }
        for (int r = from; r < to; r++) {
            int at = r * columns;
            read(x, at, row);
            if (mask != null) {
                read(mask, at, keep);
            }
            float extreme = largest ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
            for (int j = 0; j < columns; j++) {
                if (keep[j] != 0f) {
                    extreme = largest ? Math.max(extreme, row[j]) : Math.min(extreme, row[j]);
                }
            }
            value[r] = extreme;
            if (index != null) {
                index[r] = firstKept(row, keep, extreme);
            }
        }
    }

    /** The lowest kept column holding {@code value}; −1 where none does (a row that keeps nothing, or a NaN). */
    private static int firstKept(float[] row, float[] keep, float value) {
        for (int j = 0; j < row.length; j++) {
            if (keep[j] != 0f && row[j] == value) {
                return j;
            }
        }
        return -1;
    }

    @Override
    public void blockDistances(FloatBuffer x, int k, int[][] pairs, boolean manhattan, float[][] out, int from,
                               int to, int width) {
        int length = k * width;
        float[] row = new float[length];
        for (int r = from; r < to; r++) {
            read(x, r * length, row);
            for (int p = 0; p < pairs.length; p++) {
                int a = pairs[p][0] * width;
                int b = pairs[p][1] * width;
                out[p][r] = sumOfDifferences(row, a, b, width, manhattan);
            }
        }
    }

    /**
     * {@code Σ_j (row[a+j] − row[b+j])²}, or {@code Σ_j |…|} when {@code manhattan}, in four partial sums: four chains
     * of additions, not one, keep the core busy.
     */
    private static float sumOfDifferences(float[] row, int a, int b, int width, boolean manhattan) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int j = 0;
        for (; j + 3 < width; j += 4) {
            s0 += term(row[a + j] - row[b + j], manhattan);
            s1 += term(row[a + j + 1] - row[b + j + 1], manhattan);
            s2 += term(row[a + j + 2] - row[b + j + 2], manhattan);
            s3 += term(row[a + j + 3] - row[b + j + 3], manhattan);
        }
        for (; j < width; j++) {
            s0 += term(row[a + j] - row[b + j], manhattan);
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static float term(float difference, boolean manhattan) {
        return manhattan ? Math.abs(difference) : difference * difference;
    }

    @Override
    public void blockGradient(FloatBuffer x, int k, int[][] pairs, boolean manhattan, float[][] coef,
                              FloatBuffer out, int from, int to, int width) {
        int length = k * width;
        float[] row = new float[length];
        float[] grad = new float[length];
        float[] step = new float[width];
        for (int r = from; r < to; r++) {
            read(x, r * length, row);
            Arrays.fill(grad, 0f);
            for (int p = 0; p < pairs.length; p++) {
                float c = coef[p][r];
                if (c == 0f) {                          // finite inputs (checked before): the term adds nothing
                    continue;
                }
                int a = pairs[p][0] * width;
                int b = pairs[p][1] * width;
                for (int j = 0; j < width; j++) {
                    float diff = row[a + j] - row[b + j];
                    step[j] = manhattan ? Math.signum(diff) * c : diff * c;   // signum(0) = 0, as libnd4j's sign
                }
                for (int j = 0; j < width; j++) {       // simple loops, which the JIT compiles to vector operations
                    grad[a + j] += step[j];
                }
                for (int j = 0; j < width; j++) {
                    grad[b + j] -= step[j];
                }
            }
            write(out, r * length, grad);
        }
    }

    @Override
    public void addRows(FloatBuffer target, int[] rows, FloatBuffer updates, int columns) {
        float[] to = new float[columns];
        float[] add = new float[columns];
        for (int i = 0; i < rows.length; i++) {
            int at = rows[i] * columns;
            read(target, at, to);
            read(updates, i * columns, add);
            for (int j = 0; j < columns; j++) {
                to[j] += add[j];
            }
            write(target, at, to);
        }
    }

    @Override
    public void keepBeyond(FloatBuffer x, FloatBuffer mask, float[] threshold, boolean above, FloatBuffer out,
                           int from, int to, int columns) {
        float[] row = new float[columns];
        float[] keep = new float[columns];
        for (int r = from; r < to; r++) {
            int at = r * columns;
            read(x, at, row);
            read(mask, at, keep);
            float t = threshold[r];
            for (int j = 0; j < columns; j++) {
                if (!(above ? row[j] > t : row[j] < t)) {      // a NaN threshold keeps nothing
                    keep[j] = 0f;
                }
            }
            write(out, at, keep);
        }
    }

    @Override
    public void classMasks(float[] queryIds, float[] referenceIds, FloatBuffer positives, FloatBuffer negatives,
                           int from, int to, int columns) {
        float[] same = new float[columns];
        float[] other = new float[columns];
        for (int r = from; r < to; r++) {
            float id = queryIds[r];
            for (int j = 0; j < columns; j++) {
                boolean equal = referenceIds[j] == id;
                same[j] = equal ? 1f : 0f;
                other[j] = equal ? 0f : 1f;
            }
            same[r] = 0f;                               // a row is not its own positive
            write(positives, r * columns, same);
            write(negatives, r * columns, other);
        }
    }

    @Override
    public void pickedDifferences(FloatBuffer x, FloatBuffer y, int[] rows, float[] coef, int perRow,
                                  boolean throughReferences, float[] grad, int queries, int columns) {
        float[] xRow = new float[columns];
        float[] yRow = new float[columns];
        float[] own = new float[columns];
        float[] u = new float[columns];
        for (int a = 0; a < queries; a++) {
            read(x, a * columns, xRow);
            Arrays.fill(own, 0f);
            for (int s = 0; s < perRow; s++) {
                int t = a * perRow + s;
                float c = coef[t];
                if (c == 0f) {
                    continue;
                }
                int at = rows[t] * columns;
                read(y, at, yRow);
                for (int j = 0; j < columns; j++) {     // u = c·(x_a − y_J); simple loops, which the JIT vectorises
                    u[j] = c * (xRow[j] - yRow[j]);
                }
                for (int j = 0; j < columns; j++) {
                    own[j] += u[j];
                }
                if (throughReferences) {
                    for (int j = 0; j < columns; j++) {
                        grad[at + j] -= u[j];
                    }
                }
            }
            int mine = a * columns;
            for (int j = 0; j < columns; j++) {
                grad[mine + j] += own[j];
            }
        }
    }

    @Override
    public void softmax(FloatBuffer in, FloatBuffer out, float[] lse, int from, int to, int columns) {
        float[] row = new float[columns];
        Exponentials exp = new Exponentials(columns);
        for (int r = from; r < to; r++) {
            int at = r * columns;
            read(in, at, row);
            float largest = largest(row);
            exp.shiftedInPlace(row, largest);
            float sum = dot(row, null);
            lse[r] = (float) ((double) largest + Math.log(sum));
            scaleInPlace(row, 1f / sum);
            write(out, at, row);
        }
    }

    @Override
    public void scaledSoftmaxAgainstDiagonal(FloatBuffer c, FloatBuffer out, float[] rowScale, float[] colScale,
                                             float[] loss, int from, int to, int columns) {
        float[] row = new float[columns];
        Exponentials exp = new Exponentials(columns);
        for (int r = from; r < to; r++) {
            int at = r * columns;
            read(c, at, row);
            float rs = rowScale[r];
            for (int j = 0; j < columns; j++) {         // s_j = rs·colScale_j·c_rj, in place
                row[j] = row[j] * colScale[j] * rs;
            }
            float largest = largest(row);
            float diagonal = row[r];
            exp.shiftedInPlace(row, largest);
            float sum = dot(row, null);
            loss[r] = (float) ((double) largest - diagonal + Math.log(sum));  // log Σ exp(s) − s_r, sum ≥ 1
            float k = rs / sum;
            for (int j = 0; j < columns; j++) {         // w_rj·p_j
                row[j] = row[j] * colScale[j] * k;
            }
            row[r] -= rs * colScale[r];                 // − w_rr
            write(out, at, row);
        }
    }

    @Override
    public void maskedSoftmax(FloatBuffer x, FloatBuffer mask, FloatBuffer out, float scale, float shift,
                              boolean addOne, float[] lse, float[] kept, int from, int to, int columns) {
        float[] row = new float[columns];
        float[] keep = new float[columns];
        float[] masked = new float[columns];
        Exponentials exp = new Exponentials(columns);
        for (int r = from; r < to; r++) {
            int at = r * columns;
            read(x, at, row);
            read(mask, at, keep);
            // Branch-free, so that the JIT vectorises it: the flag is 1 for any nonzero (normal) mask entry, else 0;
            // kept entries keep s_j, the others go to −FLOAT_MAX for the maximum.
            for (int j = 0; j < columns; j++) {
                float flag = Math.min(Math.abs(keep[j]) * Float.MAX_VALUE, 1f);
                float s = (row[j] + shift) * scale;
                keep[j] = flag;
                row[j] = s;
                masked[j] = s * flag + (flag - 1f) * Float.MAX_VALUE;
            }
            float count = dot(keep, null);
            kept[r] = count;
            if (count == 0f) {
                lse[r] = 0f;
                Arrays.fill(row, 0f);                   // a row that keeps nothing: zeros
                write(out, at, row);
                continue;
            }
            float largest = largest(masked);
            if (addOne) {
                largest = Math.max(largest, 0f);        // the extra logit 0
            }
            exp.shiftedInPlace(row, largest);           // the dropped entries' arguments are clamped, then zeroed
            for (int j = 0; j < columns; j++) {
                row[j] *= keep[j];
            }
            double sum = dot(row, null);
            if (addOne) {
                sum += Math.exp(-largest);
            }
            lse[r] = (float) (largest + Math.log(sum));
            scaleInPlace(row, (float) (1 / sum));
            write(out, at, row);
        }
    }

    @Override
    public void rowSums(FloatBuffer x, float[] out, int from, int to, int columns) {
        rowDots(x, false, out, from, to, columns);
    }

    @Override
    public void squaredNorms(FloatBuffer x, float[] out, int from, int to, int columns) {
        rowDots(x, true, out, from, to, columns);
    }

    /** {@code out[r]} = row r's sum, or its sum of squares when {@code squares}, for the rows {@code [from, to)}. */
    private static void rowDots(FloatBuffer x, boolean squares, float[] out, int from, int to, int columns) {
        float[] row = new float[columns];
        for (int r = from; r < to; r++) {
            read(x, r * columns, row);
            out[r] = dot(row, squares ? row : null);
        }
    }

    @Override
    public void scale(FloatBuffer x, float[] factor, FloatBuffer out, int from, int to, int columns) {
        float[] row = new float[columns];
        for (int r = from; r < to; r++) {
            int at = r * columns;
            read(x, at, row);
            scaleInPlace(row, factor[r]);
            write(out, at, row);
        }
    }

    @Override
    public void removeAlong(FloatBuffer g, FloatBuffer u, float[] along, float[] factor, int from, int to,
                            int columns) {
        float[] gRow = new float[columns];
        float[] uRow = new float[columns];
        for (int r = from; r < to; r++) {
            int at = r * columns;
            read(g, at, gRow);
            read(u, at, uRow);
            float radial = along[r] * dot(gRow, uRow);
            float f = factor[r];
            for (int j = 0; j < columns; j++) {
                gRow[j] = (gRow[j] - radial * uRow[j]) * f;
            }
            write(g, at, gRow);
        }
    }

    /** {@code Σ_j a_j·b_j}, or {@code Σ_j a_j} when {@code b} is null, in four partial sums (as {@link #sumOfDifferences}). */
    private static float dot(float[] a, float[] b) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int j = 0;
        for (; j + 3 < a.length; j += 4) {
            s0 += b == null ? a[j] : a[j] * b[j];
            s1 += b == null ? a[j + 1] : a[j + 1] * b[j + 1];
            s2 += b == null ? a[j + 2] : a[j + 2] * b[j + 2];
            s3 += b == null ? a[j + 3] : a[j + 3] * b[j + 3];
        }
        for (; j < a.length; j++) {
            s0 += b == null ? a[j] : a[j] * b[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Rows a band of {@link #addTransposed} holds: 32 rows of 1,024 floats are 128 KB, within a core's L2 cache. */
    private static final int BAND = 32;

    /**
     * For the rows {@code [from, to)} of a square row-major {@code n×n} x: {@code out}'s row i becomes
     * {@code x_i + (column i of x)}. A band of rows is read in one copy; row j of x then gives the band's column j
     * from its entries {@code [i0, i0 + h)}, read in order (strided writes land in the band, in cache).
     */
    static void addTransposed(FloatBuffer x, FloatBuffer out, int from, int to, int n) {
        float[] band = new float[Math.min(BAND, Math.max(to - from, 1)) * n];
        for (int i0 = from; i0 < to; i0 += BAND) {
            int h = Math.min(BAND, to - i0);
            FloatBuffer rows = x.duplicate();
            rows.position(i0 * n);
            rows.get(band, 0, h * n);
            for (int j = 0; j < n; j++) {
                int at = j * n + i0;
                for (int r = 0; r < h; r++) {
                    band[r * n + j] += x.get(at + r);
                }
            }
            FloatBuffer target = out.duplicate();
            target.position(i0 * n);
            target.put(band, 0, h * n);
        }
    }

    /** The largest entry of {@code row} (no NaN: inputs are checked finite before). */
    private static float largest(float[] row) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static void scaleInPlace(float[] row, float factor) {
        for (int j = 0; j < row.length; j++) {
            row[j] *= factor;
        }
    }

    /** {@code into.length} floats of {@code buffer} from {@code at}, copied in bulk (Java 11 has no absolute bulk get). */
    private static void read(FloatBuffer buffer, int at, float[] into) {
        FloatBuffer view = buffer.duplicate();
        view.position(at);
        view.get(into, 0, into.length);
    }

    private static void write(FloatBuffer buffer, int at, float[] from) {
        FloatBuffer view = buffer.duplicate();
        view.position(at);
        view.put(from, 0, from.length);
    }
}
