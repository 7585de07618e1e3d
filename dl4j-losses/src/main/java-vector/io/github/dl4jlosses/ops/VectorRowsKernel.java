package io.github.dl4jlosses.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * {@link VectorRows}' kernels on the JDK's Vector API ({@code jdk.incubator.vector}, Java 17+). Compiled for Java 17
 * from {@code src/main/java-vector} and loaded by name only where that module is in the boot layer, so the library
 * itself still runs on Java 11.
 * <p>
 * Each row is copied to a heap array (one bulk copy), worked on lane by lane (on x86-64 HotSpot calls Intel's SVML
 * routines for {@code EXP}) and copied back. Heap arrays rather than loads from the buffer: {@code fromByteBuffer} left
 * the API in Java 20, bulk buffer copies did not. Sums run in one accumulator per lane, added up at the row's end.
 */
final class VectorRowsKernel implements VectorRows.Kernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int STEP = S.length();

    @Override
    public int vectorBits() {
        return S.vectorBitSize();
    }

    @Override
    public void softmax(FloatBuffer in, FloatBuffer out, float[] lse, int from, int to, int columns) {
        float[] row = new float[columns];
        int bound = S.loopBound(columns);
        for (int r = from; r < to; r++) {
            int at = r * columns;
            in.get(at, row, 0, columns);
            FloatVector largestLanes = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            int j = 0;
            for (; j < bound; j += STEP) {
                largestLanes = largestLanes.max(FloatVector.fromArray(S, row, j));
            }
            float largest = largestLanes.reduceLanes(VectorOperators.MAX);
            for (; j < columns; j++) {
                largest = Math.max(largest, row[j]);
            }
            float sum = expShiftedInPlace(row, largest, bound);
            lse[r] = (float) ((double) largest + Math.log(sum));
            scaleInPlace(row, 1f / sum, bound);
            out.put(at, row, 0, columns);
        }
    }

    @Override
    public void scaledSoftmaxAgainstDiagonal(FloatBuffer c, FloatBuffer out, float[] rowScale, float[] colScale,
                                             float[] loss, int from, int to, int columns) {
        float[] row = new float[columns];
        int bound = S.loopBound(columns);
        for (int r = from; r < to; r++) {
            int at = r * columns;
            c.get(at, row, 0, columns);
            float rs = rowScale[r];
            FloatVector largestLanes = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            int j = 0;
            for (; j < bound; j += STEP) {                                   // s_j = rs·colScale_j·c_rj, in place
                FloatVector v = FloatVector.fromArray(S, row, j).mul(FloatVector.fromArray(S, colScale, j)).mul(rs);
                v.intoArray(row, j);
                largestLanes = largestLanes.max(v);
            }
            float largest = largestLanes.reduceLanes(VectorOperators.MAX);
            for (; j < columns; j++) {
                row[j] = row[j] * colScale[j] * rs;
                largest = Math.max(largest, row[j]);
            }
            float diagonal = row[r];
            float sum = expShiftedInPlace(row, largest, bound);
            loss[r] = (float) ((double) largest - diagonal + Math.log(sum));  // log Σ exp(s) − s_r, sum ≥ 1
            float k = rs / sum;
            for (j = 0; j < bound; j += STEP) {                              // w_rj·p_j
                FloatVector.fromArray(S, row, j).mul(FloatVector.fromArray(S, colScale, j)).mul(k).intoArray(row, j);
            }
            for (; j < columns; j++) {
                row[j] = row[j] * colScale[j] * k;
            }
            row[r] -= rs * colScale[r];                                      // − w_rr
            out.put(at, row, 0, columns);
        }
    }

    @Override
    public void maskedSoftmax(FloatBuffer x, FloatBuffer mask, FloatBuffer out, float scale, float shift,
                              boolean addOne, float[] lse, float[] kept, int from, int to, int columns) {
        float[] row = new float[columns];
        float[] keep = new float[columns];
        int bound = S.loopBound(columns);
        FloatVector none = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int r = from; r < to; r++) {
            int at = r * columns;
            x.get(at, row, 0, columns);
            mask.get(at, keep, 0, columns);
            FloatVector largestLanes = none;
            int count = 0;
            int j = 0;
            for (; j < bound; j += STEP) {                                   // s_j in place; the largest kept one
                FloatVector s = FloatVector.fromArray(S, row, j).add(shift).mul(scale);
                s.intoArray(row, j);
                VectorMask<Float> k = FloatVector.fromArray(S, keep, j).compare(VectorOperators.NE, 0f);
                largestLanes = largestLanes.max(none.blend(s, k));
                count += k.trueCount();
            }
            float largest = largestLanes.reduceLanes(VectorOperators.MAX);
            for (; j < columns; j++) {
                row[j] = (row[j] + shift) * scale;
                if (keep[j] != 0f) {
                    largest = Math.max(largest, row[j]);
                    count++;
                }
            }
            kept[r] = count;
            if (count == 0) {
                lse[r] = 0f;
                Arrays.fill(row, 0f);
                out.put(at, row, 0, columns);
                continue;
            }
            if (addOne) {
                largest = Math.max(largest, 0f);                            // the extra logit 0
            }
            FloatVector zero = FloatVector.zero(S);
            FloatVector sumLanes = zero;
            for (j = 0; j < bound; j += STEP) {                              // exp(s − m) where kept, else 0
                VectorMask<Float> k = FloatVector.fromArray(S, keep, j).compare(VectorOperators.NE, 0f);
                FloatVector e = zero.blend(FloatVector.fromArray(S, row, j).sub(largest)
                        .lanewise(VectorOperators.EXP), k);
                e.intoArray(row, j);
                sumLanes = sumLanes.add(e);
            }
            double sum = sumLanes.reduceLanes(VectorOperators.ADD);
            for (; j < columns; j++) {
                row[j] = keep[j] != 0f ? (float) Math.exp(row[j] - largest) : 0f;
                sum += row[j];
            }
            if (addOne) {
                sum += Math.exp(-largest);
            }
            lse[r] = (float) (largest + Math.log(sum));
            scaleInPlace(row, (float) (1 / sum), bound);
            out.put(at, row, 0, columns);
        }
    }

    @Override
    public void maskedExtremes(FloatBuffer x, FloatBuffer mask, boolean largest, float[] value, int[] index, int from,
                               int to, int columns) {
        float[] row = new float[columns];
        float[] keep = new float[columns];
        int bound = S.loopBound(columns);
        float none = largest ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        FloatVector noneLanes = FloatVector.broadcast(S, none);
        for (int r = from; r < to; r++) {
            int at = r * columns;
            x.get(at, row, 0, columns);
            if (mask != null) {
                mask.get(at, keep, 0, columns);
            } else if (r == from) {
                Arrays.fill(keep, 1f);                  // no mask: every entry kept
            }
            FloatVector best = noneLanes;
            int j = 0;
            for (; j < bound; j += STEP) {
                VectorMask<Float> k = FloatVector.fromArray(S, keep, j).compare(VectorOperators.NE, 0f);
                FloatVector v = noneLanes.blend(FloatVector.fromArray(S, row, j), k);
                best = largest ? best.max(v) : best.min(v);
            }
            // constant operators only: C2 intrinsifies an operation whose operator it sees as a constant
            float extreme = largest ? best.reduceLanes(VectorOperators.MAX) : best.reduceLanes(VectorOperators.MIN);
            for (; j < columns; j++) {
                if (keep[j] != 0f) {
                    extreme = largest ? Math.max(extreme, row[j]) : Math.min(extreme, row[j]);
                }
            }
            value[r] = extreme;
            if (index != null) {
                index[r] = firstKept(row, keep, extreme, bound, columns);
            }
        }
    }

    /** The lowest j with {@code keep[j] ≠ 0} and {@code row[j] == value}, or −1 (the row's extreme, so ties go low). */
    private static int firstKept(float[] row, float[] keep, float value, int bound, int columns) {
        int j = 0;
        for (; j < bound; j += STEP) {
            VectorMask<Float> hit = FloatVector.fromArray(S, row, j).compare(VectorOperators.EQ, value)
                    .and(FloatVector.fromArray(S, keep, j).compare(VectorOperators.NE, 0f));
            if (hit.anyTrue()) {
                return j + hit.firstTrue();
            }
        }
        for (; j < columns; j++) {
            if (keep[j] != 0f && row[j] == value) {
                return j;
            }
        }
        return -1;
    }

    @Override
    public void keepBeyond(FloatBuffer x, FloatBuffer mask, float[] threshold, boolean above, FloatBuffer out,
                           int from, int to, int columns) {
        float[] row = new float[columns];
        float[] keep = new float[columns];
        int bound = S.loopBound(columns);
        FloatVector zero = FloatVector.zero(S);
        for (int r = from; r < to; r++) {
            int at = r * columns;
            x.get(at, row, 0, columns);
            mask.get(at, keep, 0, columns);
            float t = threshold[r];
            int j = 0;
            for (; j < bound; j += STEP) {
                FloatVector v = FloatVector.fromArray(S, row, j);
                VectorMask<Float> passes = above ? v.compare(VectorOperators.GT, t) : v.compare(VectorOperators.LT, t);
                zero.blend(FloatVector.fromArray(S, keep, j), passes).intoArray(keep, j);
            }
            for (; j < columns; j++) {
                if (!(above ? row[j] > t : row[j] < t)) {
                    keep[j] = 0f;
                }
            }
            out.put(at, keep, 0, columns);
        }
    }

    @Override
    public void classMasks(float[] queryIds, float[] referenceIds, FloatBuffer positives, FloatBuffer negatives,
                           int from, int to, int columns) {
        float[] same = new float[columns];
        float[] other = new float[columns];
        int bound = S.loopBound(columns);
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int r = from; r < to; r++) {
            float id = queryIds[r];
            int j = 0;
            for (; j < bound; j += STEP) {
                VectorMask<Float> equal = FloatVector.fromArray(S, referenceIds, j).compare(VectorOperators.EQ, id);
                zero.blend(one, equal).intoArray(same, j);
                one.blend(zero, equal).intoArray(other, j);
            }
            for (; j < columns; j++) {
                boolean equal = referenceIds[j] == id;
                same[j] = equal ? 1f : 0f;
                other[j] = equal ? 0f : 1f;
            }
            same[r] = 0f;                                                    // a row is not its own positive
            int at = r * columns;
            positives.put(at, same, 0, columns);
            negatives.put(at, other, 0, columns);
        }
    }

    @Override
    public void pickedDifferences(FloatBuffer x, FloatBuffer y, int[] rows, float[] coef, int perRow,
                                  boolean throughReferences, float[] grad, int queries, int columns) {
        float[] xRow = new float[columns];
        float[] yRow = new float[columns];
        float[] own = new float[columns];
        int bound = S.loopBound(columns);
        for (int a = 0; a < queries; a++) {
            x.get(a * columns, xRow, 0, columns);
            Arrays.fill(own, 0f);
            for (int s = 0; s < perRow; s++) {
                int t = a * perRow + s;
                float c = coef[t];
                if (c == 0f) {
                    continue;
                }
                int at = rows[t] * columns;
                y.get(at, yRow, 0, columns);
                int j = 0;
                for (; j < bound; j += STEP) {                               // u = c·(x_a − y_J)
                    FloatVector u = FloatVector.fromArray(S, xRow, j).sub(FloatVector.fromArray(S, yRow, j)).mul(c);
                    FloatVector.fromArray(S, own, j).add(u).intoArray(own, j);
                    if (throughReferences) {
                        FloatVector.fromArray(S, grad, at + j).sub(u).intoArray(grad, at + j);
                    }
                }
                for (; j < columns; j++) {
                    float u = c * (xRow[j] - yRow[j]);
                    own[j] += u;
                    if (throughReferences) {
                        grad[at + j] -= u;
                    }
                }
            }
            int mine = a * columns;
            int j = 0;
            for (; j < bound; j += STEP) {
                FloatVector.fromArray(S, grad, mine + j).add(FloatVector.fromArray(S, own, j)).intoArray(grad, mine + j);
            }
            for (; j < columns; j++) {
                grad[mine + j] += own[j];
            }
        }
    }

    @Override
    public void rowSums(FloatBuffer x, float[] out, int from, int to, int columns) {
        float[] row = new float[columns];
        int bound = S.loopBound(columns);
        for (int r = from; r < to; r++) {
            x.get(r * columns, row, 0, columns);
            FloatVector sumLanes = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += STEP) {
                sumLanes = sumLanes.add(FloatVector.fromArray(S, row, j));
            }
            float sum = sumLanes.reduceLanes(VectorOperators.ADD);
            for (; j < columns; j++) {
                sum += row[j];
            }
            out[r] = sum;
        }
    }

    @Override
    public void squaredNorms(FloatBuffer x, float[] out, int from, int to, int columns) {
        float[] row = new float[columns];
        int bound = S.loopBound(columns);
        for (int r = from; r < to; r++) {
            x.get(r * columns, row, 0, columns);
            out[r] = dot(row, row, bound);
        }
    }

    @Override
    public void scale(FloatBuffer x, float[] factor, FloatBuffer out, int from, int to, int columns) {
        float[] row = new float[columns];
        int bound = S.loopBound(columns);
        for (int r = from; r < to; r++) {
            int at = r * columns;
            x.get(at, row, 0, columns);
            scaleInPlace(row, factor[r], bound);
            out.put(at, row, 0, columns);
        }
    }

    @Override
    public void removeAlong(FloatBuffer g, FloatBuffer u, float[] along, float[] factor, int from, int to, int columns) {
        float[] gRow = new float[columns];
        float[] uRow = new float[columns];
        int bound = S.loopBound(columns);
        for (int r = from; r < to; r++) {
            int at = r * columns;
            g.get(at, gRow, 0, columns);
            u.get(at, uRow, 0, columns);
            float radial = along[r] * dot(gRow, uRow, bound);
            float f = factor[r];
            int j = 0;
            for (; j < bound; j += STEP) {
                FloatVector uv = FloatVector.fromArray(S, uRow, j);
                FloatVector.fromArray(S, gRow, j).sub(uv.mul(radial)).mul(f).intoArray(gRow, j);
            }
            for (; j < columns; j++) {
                gRow[j] = (gRow[j] - radial * uRow[j]) * f;
            }
            g.put(at, gRow, 0, columns);
        }
    }

    /** {@code row_j ← exp(row_j − largest)}, lane-wise up to {@code bound}, then the tail; returns their sum. */
    private static float expShiftedInPlace(float[] row, float largest, int bound) {
        FloatVector sumLanes = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += STEP) {
            FloatVector e = FloatVector.fromArray(S, row, j).sub(largest).lanewise(VectorOperators.EXP);
            e.intoArray(row, j);
            sumLanes = sumLanes.add(e);
        }
        float sum = sumLanes.reduceLanes(VectorOperators.ADD);
        for (; j < row.length; j++) {
            row[j] = (float) Math.exp(row[j] - largest);
            sum += row[j];
        }
        return sum;
    }

    /** {@code Σ_j a_j·b_j}, lane-wise up to {@code bound}, then the tail. */
    @Override
    public void blockDistances(FloatBuffer x, int k, int[][] pairs, boolean manhattan, float[][] out, int from,
                               int to, int width) {
        int length = k * width;
        float[] row = new float[length];
        int bound = S.loopBound(width);
        for (int r = from; r < to; r++) {
            x.get(r * length, row, 0, length);
            for (int p = 0; p < pairs.length; p++) {
                int a = pairs[p][0] * width;
                int b = pairs[p][1] * width;
                FloatVector sumLanes = FloatVector.zero(S);
                int j = 0;
                for (; j < bound; j += STEP) {
                    FloatVector diff = FloatVector.fromArray(S, row, a + j).sub(FloatVector.fromArray(S, row, b + j));
                    sumLanes = manhattan ? sumLanes.add(diff.abs()) : diff.fma(diff, sumLanes);
                }
                float sum = sumLanes.reduceLanes(VectorOperators.ADD);
                for (; j < width; j++) {
                    float diff = row[a + j] - row[b + j];
                    sum += manhattan ? Math.abs(diff) : diff * diff;
                }
                out[p][r] = sum;
            }
        }
    }

    @Override
    public void blockGradient(FloatBuffer x, int k, int[][] pairs, boolean manhattan, float[][] coef,
                              FloatBuffer out, int from, int to, int width) {
        int length = k * width;
        float[] row = new float[length];
        float[] grad = new float[length];
        int bound = S.loopBound(width);
        FloatVector zero = FloatVector.zero(S);
        for (int r = from; r < to; r++) {
            x.get(r * length, row, 0, length);
            Arrays.fill(grad, 0f);
            for (int p = 0; p < pairs.length; p++) {
                float c = coef[p][r];
                if (c == 0f) {                      // finite inputs (checked before): the term adds nothing
                    continue;
                }
                int a = pairs[p][0] * width;
                int b = pairs[p][1] * width;
                int j = 0;
                for (; j < bound; j += STEP) {
                    FloatVector diff = FloatVector.fromArray(S, row, a + j).sub(FloatVector.fromArray(S, row, b + j));
                    if (manhattan) {                // sign(diff), 0 where diff is 0 (as libnd4j's sign)
                        diff = zero.blend(1f, diff.compare(VectorOperators.GT, 0f))
                                .blend(-1f, diff.compare(VectorOperators.LT, 0f));
                    }
                    FloatVector step = diff.mul(c);
                    FloatVector.fromArray(S, grad, a + j).add(step).intoArray(grad, a + j);
                    FloatVector.fromArray(S, grad, b + j).sub(step).intoArray(grad, b + j);
                }
                for (; j < width; j++) {
                    float diff = row[a + j] - row[b + j];
                    float step = (manhattan ? Math.signum(diff) : diff) * c;
                    grad[a + j] += step;
                    grad[b + j] -= step;
                }
            }
            out.put(r * length, grad, 0, length);
        }
    }

    @Override
    public void addRows(FloatBuffer target, int[] rows, FloatBuffer updates, int columns) {
        float[] to = new float[columns];
        float[] add = new float[columns];
        int bound = S.loopBound(columns);
        for (int i = 0; i < rows.length; i++) {
            int at = rows[i] * columns;
            target.get(at, to, 0, columns);
            updates.get(i * columns, add, 0, columns);
            int j = 0;
            for (; j < bound; j += STEP) {
                FloatVector.fromArray(S, to, j).add(FloatVector.fromArray(S, add, j)).intoArray(to, j);
            }
            for (; j < columns; j++) {
                to[j] += add[j];
            }
            target.put(at, to, 0, columns);
        }
    }

    private static float dot(float[] a, float[] b, int bound) {
        FloatVector sumLanes = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += STEP) {
            sumLanes = FloatVector.fromArray(S, a, j).fma(FloatVector.fromArray(S, b, j), sumLanes);
        }
        float sum = sumLanes.reduceLanes(VectorOperators.ADD);
        for (; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    private static void scaleInPlace(float[] row, float factor, int bound) {
        int j = 0;
        for (; j < bound; j += STEP) {
            FloatVector.fromArray(S, row, j).mul(factor).intoArray(row, j);
        }
        for (; j < row.length; j++) {
            row[j] *= factor;
        }
    }
}
