package io.github.dl4jlosses.ops;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * {@link VectorRows}' passes without exponentials as plain Java loops, for a JVM without the JDK's Vector API module
 * (the default {@code java} command line): the tuple losses' block distances and gradient, masked row extremes, row
 * scatter-adds, the labelled losses' class masks, thresholds and the gradient of mined pairs. What these passes save
 * over libnd4j's route is mostly its arrays and op calls (five to eight a pass, each a native call and a buffer the
 * collector must trace), not vector arithmetic, so scalar loops keep most of the gain; the softmax passes, whose cost
 * is the exponentials, and the row norms and normalisation stay with the vector kernel or libnd4j.
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
