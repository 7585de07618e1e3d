package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.HostValues;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.api.ops.impl.transforms.custom.EqualTo;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Class labels of a batch and the masks derived from them, shared by every in-batch and mined loss.
 * <p>
 * Labels come either as class ids {@code [B,1]} (any finite numbers; equal values mean the same class)
 * or one-hot {@code [B,C]} with {@code C >= 2} (exactly one 1 per row, 0 elsewhere). Both become a
 * {@code [B,1]} column of class ids in DOUBLE, so ids up to 2<sup>53</sup> stay distinct whatever the
 * network's data type.
 * <p>
 * Masks are {@code [B,B]} arrays of 0/1 in the requested data type:
 * {@link #sameClass} (diagonal included), {@link #positives} (same class, diagonal excluded) and
 * {@link #negatives} (different class). All are built with broadcast comparisons, no Java loop over pairs.
 */
public final class ClassLabels {
    private ClassLabels() {
    }

    /**
     * Checks labels and returns them as DOUBLE class ids {@code [B,1]} ({@link #requireClassIds}, then
     * {@link #classIdsUnchecked}).
     *
     * @param loss name of the loss, for the error message
     * @param rows the number of rows the labels must have (preOutput's)
     * @throws IllegalArgumentException if labels are null, have the wrong number of rows, are not a
     *                                  matrix, contain NaN/infinite ids, or are not valid one-hot rows
     */
    public static INDArray classIds(String loss, INDArray labels, long rows) {
        requireClassIds(loss, labels, rows);
        return classIdsUnchecked(labels);
    }

    /**
     * The checks of {@link #classIds} alone, for a loss that only validates here: a column of ids is read on the
     * host as it is (no cast to DOUBLE first: every id type converts exactly, and it saves a native copy per call).
     *
     * @throws IllegalArgumentException as {@link #classIds}
     */
    public static void requireClassIds(String loss, INDArray labels, long rows) {
        if (labels == null) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected labels of class ids [%d, 1] or one-hot [%d, C], got null", loss, rows, rows));
        }
        if (labels.rank() != 2 || labels.size(0) != rows || labels.size(1) == 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected labels of class ids [%d, 1] or one-hot [%d, C] (one row per preOutput row), got labels of shape %s",
                    loss, rows, rows, Arrays.toString(labels.shape())));
        }
        if (labels.size(1) == 1) {
            // B ids are checked on the Java side, one copy: 0.03 ms for B = 512 against 0.08 ms for a reduction
            requireFiniteLabels(loss, HostValues.doubles(labels), 1);
            return;
        }
        INDArray d = labels.castTo(DataType.DOUBLE);   // one-hot rows, integer or boolean included, exact as DOUBLE
        // One reduction finds NaN/±Inf in one-hot rows (they make the sum non-finite); only then are the values scanned.
        if (!Double.isFinite(d.sumNumber().doubleValue())) {
            requireFiniteLabels(loss, HostValues.doubles(d), d.size(1));
        }
        // one-hot: every entry 0 or 1 and exactly one 1 per row
        long binary = d.eq(0.0).castTo(DataType.INT).addi(d.eq(1.0).castTo(DataType.INT)).sumNumber().longValue();
        boolean oneEach = d.sum(1).eq(1.0).all();
        if (binary != d.length() || !oneEach) {
            double[][] v = HostValues.doubleRows(d);
            for (int i = 0; i < v.length; i++) {
                int ones = 0;
                boolean ok = true;
                for (double x : v[i]) {
                    if (x == 1.0) ones++;
                    else if (x != 0.0) ok = false;
                }
                if (!ok || ones != 1) {
                    throw new IllegalArgumentException(String.format(
                            "%s: expected one-hot labels [%d, %d] (exactly one 1 per row, 0 elsewhere), got row %d = %s",
                            loss, rows, d.size(1), i, Arrays.toString(v[i])));
                }
            }
        }
    }

    /**
     * The first NaN/±Inf among the label values {@code v} (row-major, {@code columns} a row) is an
     * {@link IllegalArgumentException} naming its row.
     */
    private static void requireFiniteLabels(String loss, double[] v, long columns) {
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) {
                throw new IllegalArgumentException(String.format(
                        "%s: expected finite class labels, got %s in row %d", loss, v[k], k / columns));
            }
        }
    }

    /**
     * Class ids {@code [B,1]} (DOUBLE) of labels that {@link #classIds} has already accepted: no checks,
     * one or two array operations.
     */
    public static INDArray classIdsUnchecked(INDArray labels) {
        if (labels.size(1) == 1) {
            return labels.castTo(DataType.DOUBLE);
        }
        INDArray scores = labels.dataType().isFPType() ? labels : labels.castTo(DataType.DOUBLE);
        return Nd4j.argMax(scores, 1).castTo(DataType.DOUBLE).reshape(labels.size(0), 1);
    }

    /**
     * The rows of each class among {@code ids}, in order, keyed by {@link #classKey}: the host-side twin of the class
     * masks, for bookkeeping over B ids instead of a pass over {@code [B,M]}.
     */
    static Map<Double, List<Integer>> rowsByClass(double[] ids) {
        Map<Double, List<Integer>> rows = new HashMap<>();
        for (int j = 0; j < ids.length; j++) {
            rows.computeIfAbsent(classKey(ids[j]), k -> new ArrayList<>()).add(j);
        }
        return rows;
    }

    /** {@code id} as a key of {@link #rowsByClass}: −0.0 is the class 0, as {@code EqualTo} (the masks) compares them. */
    static double classKey(double id) {
        return id + 0.0;
    }

    /**
     * True when the ids of a {@code [B,1]} column are pairwise different (every row is its own class, as in a batch
     * of one pair per class): then {@link #sameClass} is the identity and a loss can skip building it. The B ids are
     * sorted on the Java side, as {@link #group} does: B numbers, not B² pairs, and measured at 0.06–0.07 ms for
     * B = 1024 against 0.6–0.9 ms for ND4J's {@code sort} plus a subtraction of shifted views and a reduction.
     */
    public static boolean allDistinct(INDArray ids) {
        double[] v = HostValues.doubles(ids);   // a copy on the heap, of any id type: the ids are not sorted in place
        Arrays.sort(v);
        for (int i = 1; i < v.length; i++) {
            if (v[i] == v[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** {@code S_ij = 1} where rows i and j share a class (the diagonal included), else 0. */
    public static INDArray sameClass(INDArray ids, DataType type) {
        INDArray col = ids.castTo(DataType.DOUBLE).reshape(ids.length(), 1);
        return equalIds(col, col, type);
    }

    /**
     * {@code [B,M]} 0/1 in data type {@code type}: 1 where {@code queryIds_i == referenceIds_j}, for DOUBLE id
     * columns {@code [B,1]} and {@code [M,1]}: one broadcast comparison (exact for ids below 2^53), then a cast.
     */
    static INDArray equalIds(INDArray queryIds, INDArray referenceIds, DataType type) {
        long b = queryIds.length();
        long m = referenceIds.length();
        INDArray eq = Nd4j.exec(new EqualTo(queryIds.reshape(b, 1), referenceIds.reshape(1, m),
                Nd4j.createUninitialized(DataType.BOOL, b, m)))[0];
        return eq.castTo(type);
    }

    /**
     * Sets entries {@code (i, i)}, {@code i < min(B,M)}, of a c-ordered {@code [B,M]} matrix to 0 in place (through a
     * strided view of the diagonal, no {@code [B,B]} identity); returns it.
     */
    static INDArray clearDiagonal(INDArray x) {
        return setDiagonal(x, 0.0);
    }

    /**
     * Sets entries {@code (i, i)}, {@code i < min(B,M)}, of a c-ordered {@code [B,M]} matrix to {@code value} in
     * place; returns it.
     */
    public static INDArray setDiagonal(INDArray x, double value) {
        if (Math.min(x.rows(), x.columns()) > 0) {
            diagonalView(x).assign(value);
        }
        return x;
    }

    /**
     * The entries {@code (i, i)}, {@code i < min(B,M)}, of a c-ordered contiguous {@code [B,M]} matrix as a strided
     * view (writes go to the matrix); at least one entry.
     */
    public static INDArray diagonalView(INDArray x) {
        long b = x.rows();
        long m = x.columns();
        long n = Math.min(b, m);
        if (x.ordering() != 'c' || !Shape.hasDefaultStridesForShape(x)) {
            throw new IllegalArgumentException("ClassLabels.diagonalView: expected a c-ordered contiguous matrix");
        }
        return x.reshape(b * m).get(NDArrayIndex.interval(0, m + 1, (n - 1) * (m + 1) + 1));
    }

    /** {@code [min(B,M), 1]}: a copy of the diagonal of a c-ordered contiguous {@code [B,M]} matrix. */
    public static INDArray diagonal(INDArray x) {
        return diagonalView(x).dup().reshape(Math.min(x.rows(), x.columns()), 1);
    }

    /** Same class, not the same row: {@code S − I}. */
    public static INDArray positives(INDArray sameClass) {
        return clearDiagonal(sameClass.dup('c'));
    }

    /** Different class: {@code 1 − S}. */
    public static INDArray negatives(INDArray sameClass) {
        return sameClass.rsub(1.0);
    }

    /** {@code [B,B]} mask {@code 1 − I}: every other row, for batches without class ids. */
    public static INDArray allOthers(long rows, DataType type) {
        return clearDiagonal(Nd4j.ones(type, rows, rows));
    }

    /**
     * Rows grouped by class: {@code order} lists row indices so that each class is contiguous
     * (classes by increasing id, rows of a class in their original order), and class {@code c}
     * occupies positions {@code [starts[c], starts[c+1])} of {@code order}.
     */
    public static final class Groups {
        /** Row indices, grouped so that each class is contiguous. */
        public final int[] order;
        /** {@code starts[c]} is where class {@code c} begins in {@link #order}; one more entry marks the end. */
        public final int[] starts;

        Groups(int[] order, int[] starts) {
            this.order = order;
            this.starts = starts;
        }

        /** @return the number of classes */
        public int count() {
            return starts.length - 1;
        }

        /**
         * @param c a class index in {@code [0, count())}
         * @return the number of rows of class {@code c}
         */
        public int size(int c) {
            return starts[c + 1] - starts[c];
        }

        /** True when {@code order} is 0, 1, 2, ... (the rows are already grouped). */
        public boolean isIdentity() {
            for (int i = 0; i < order.length; i++) {
                if (order[i] != i) return false;
            }
            return true;
        }

        /** {@code inverse[order[k]] = k}: where each original row sits in the grouped order. */
        public int[] inverse() {
            int[] inv = new int[order.length];
            for (int k = 0; k < order.length; k++) {
                inv[order[k]] = k;
            }
            return inv;
        }
    }

    /** Groups the rows of a {@code [B,1]} id column by class (O(B log B) on B numbers). */
    public static Groups group(INDArray ids) {
        double[] v = HostValues.doubles(ids);
        int[] order = IntStream.range(0, v.length).boxed()
                .sorted(Comparator.comparingDouble(i -> v[i]))
                .mapToInt(Integer::intValue).toArray();
        int[] starts = new int[v.length + 1];
        int g = 0;
        for (int k = 0; k < order.length; k++) {
            if (k == 0 || v[order[k]] != v[order[k - 1]]) {
                starts[g++] = k;
            }
        }
        starts[g++] = order.length;
        return new Groups(order, Arrays.copyOf(starts, g));
    }
}
