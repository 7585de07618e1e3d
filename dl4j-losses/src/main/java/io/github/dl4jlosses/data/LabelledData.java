package io.github.dl4jlosses.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A labelled data set held in memory, in the form every sampler of this package needs: one class
 * id per example, the examples of each class, and a way to gather any list of examples into a
 * batch with one ND4J call.
 * <p>
 * Features of any rank are kept as a c-order {@code [n, F]} matrix (F = product of the per-example
 * dimensions) so that {@link Nd4j#pullRows} can gather them; {@link #gather} puts the per-example
 * shape back, so {@code [n, c, h, w]} images come out as {@code [k, c, h, w]}.
 */
final class LabelledData implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String owner;
    private final INDArray flatFeatures;
    private final long[] exampleShape;
    private final int[] classOfRow;
    /** Class id → its rows, in ascending class id order (so iteration order never depends on hashing). */
    private final TreeMap<Integer, int[]> rowsOfClass;
    private final int labelWidth;
    private final List<String> labelNames;

    private LabelledData(String owner, INDArray features, int[] classOfRow, int labelWidth, List<String> labelNames) {
        this.owner = owner;
        long n = features.size(0);
        this.exampleShape = Arrays.copyOfRange(features.shape(), 1, features.rank());
        long width = 1;
        for (long s : exampleShape) {
            width *= s;
        }
        // A view when the array is already c-contiguous; ND4J copies only when it has to.
        this.flatFeatures = features.reshape('c', n, width);
        this.classOfRow = classOfRow;
        this.labelWidth = labelWidth;
        this.labelNames = labelNames;
        this.rowsOfClass = groupRows(classOfRow);
    }

    /** The examples of one DataSet; {@code owner} names the iterator in error messages. */
    static LabelledData of(String owner, DataSet data) {
        if (data == null) {
            throw new IllegalArgumentException(owner + ": expected a labelled DataSet, got null");
        }
        return of(owner, data.getFeatures(), data.getLabels(), data.getFeaturesMaskArray(), data.getLabelNamesList());
    }

    /**
     * Drains a DataSetIterator into memory once. It is reset first when it supports reset, so an
     * iterator that was already used for an epoch still yields all of its examples.
     */
    static LabelledData of(String owner, DataSetIterator source) {
        if (source == null) {
            throw new IllegalArgumentException(owner + ": expected a labelled DataSetIterator, got null");
        }
        if (source.resetSupported()) {
            source.reset();
        }
        List<INDArray> features = new ArrayList<>();
        List<INDArray> labels = new ArrayList<>();
        while (source.hasNext()) {
            DataSet ds = source.next();
            if (ds.getFeaturesMaskArray() != null) {
                throw maskNotSupported(owner);
            }
            if (ds.getFeatures() == null || ds.getLabels() == null) {
                throw new IllegalArgumentException(owner + ": expected every DataSet of the iterator to have features and labels, "
                        + "got batch " + features.size() + " without " + (ds.getFeatures() == null ? "features" : "labels"));
            }
            requireSameTrailingShape(owner, "features", features, ds.getFeatures(), features.size());
            requireSameTrailingShape(owner, "labels", labels, ds.getLabels(), labels.size());
            features.add(ds.getFeatures());
            labels.add(ds.getLabels());
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException(owner + ": expected a DataSetIterator with at least one example, got an empty iterator");
        }
        List<String> names = null;
        try {
            names = source.getLabels();
        } catch (UnsupportedOperationException e) {
            // Many iterators have no label names; the samplers do not need them.
        }
        INDArray f = features.size() == 1 ? features.get(0) : Nd4j.concat(0, features.toArray(new INDArray[0]));
        INDArray l = labels.size() == 1 ? labels.get(0) : Nd4j.concat(0, labels.toArray(new INDArray[0]));
        return of(owner, f, l, null, names);
    }

    private static LabelledData of(String owner, INDArray features, INDArray labels, INDArray featuresMask, List<String> names) {
        if (featuresMask != null) {
            throw maskNotSupported(owner);
        }
        if (features == null || features.rank() < 2 || features.size(0) == 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected features of shape [n, ...] with n >= 1 and at least one value per example, got %s",
                    owner, features == null ? "null" : Arrays.toString(features.shape())));
        }
        if (labels == null || labels.rank() != 2 || labels.size(0) != features.size(0) || labels.size(1) == 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected labels of shape [%d, 1] (class ids) or [%d, C] (one-hot), got %s",
                    owner, features.size(0), features.size(0), labels == null ? "null" : Arrays.toString(labels.shape())));
        }
        if (features.length() == 0) {
            throw new IllegalArgumentException(owner + ": expected at least one feature value per example, got features of shape "
                    + Arrays.toString(features.shape()));
        }
        int[] classes;
        int width;
        if (labels.size(1) == 1) {
            classes = classIds(owner, labels);
            width = Arrays.stream(classes).max().getAsInt() + 1;
        } else {
            classes = oneHotClasses(owner, labels);
            width = (int) labels.size(1);
        }
        return new LabelledData(owner, features, classes, width, names == null ? null : new ArrayList<>(names));
    }

    /** [n,1] labels: each must be a whole number >= 0. */
    private static int[] classIds(String owner, INDArray labels) {
        double[] v = labels.castTo(DataType.DOUBLE).reshape(labels.size(0)).toDoubleVector();
        int[] ids = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0) || v[i] != Math.rint(v[i]) || v[i] > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException(String.format(
                        "%s: expected [n,1] labels to be class ids (whole numbers >= 0), got %s in row %d", owner, v[i], i));
            }
            ids[i] = (int) v[i];
        }
        return ids;
    }

    /** [n,C] labels: each row must be one-hot (one 1, the rest 0); checked with three reductions, not a loop over C. */
    private static int[] oneHotClasses(String owner, INDArray labels) {
        INDArray d = labels.castTo(DataType.DOUBLE);
        double[] sums = d.sum(1).toDoubleVector();
        double[] maxes = d.max(1).toDoubleVector();
        double[] mins = d.min(1).toDoubleVector();
        for (int i = 0; i < sums.length; i++) {
            // min >= 0, max == 1 and sum == 1 together mean exactly one 1 and zeros elsewhere.
            if (sums[i] != 1.0 || maxes[i] != 1.0 || mins[i] < 0.0) {
                throw new IllegalArgumentException(String.format(
                        "%s: expected [n,%d] labels to be one-hot (one 1 per row, zeros elsewhere), got row %d = %s",
                        owner, labels.size(1), i, d.getRow(i)));
            }
        }
        return d.argMax(1).toIntVector();
    }

    private static void requireSameTrailingShape(String owner, String what, List<INDArray> seen, INDArray next, int batch) {
        if (seen.isEmpty()) {
            return;
        }
        long[] a = seen.get(0).shape();
        long[] b = next.shape();
        if (a.length != b.length || !Arrays.equals(Arrays.copyOfRange(a, 1, a.length), Arrays.copyOfRange(b, 1, b.length))) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected every DataSet of the iterator to have %s of shape [*, %s], got %s in batch %d",
                    owner, what, Arrays.toString(Arrays.copyOfRange(a, 1, a.length)), Arrays.toString(b), batch));
        }
    }

    private static IllegalArgumentException maskNotSupported(String owner) {
        return new IllegalArgumentException(owner + ": expected features without a mask array (variable-length "
                + "sequences are not supported), got a DataSet with a features mask");
    }

    private static TreeMap<Integer, int[]> groupRows(int[] classOfRow) {
        Map<Integer, List<Integer>> lists = new TreeMap<>();
        for (int row = 0; row < classOfRow.length; row++) {
            lists.computeIfAbsent(classOfRow[row], c -> new ArrayList<>()).add(row);
        }
        TreeMap<Integer, int[]> rows = new TreeMap<>();
        for (Map.Entry<Integer, List<Integer>> e : lists.entrySet()) {
            rows.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
        }
        return rows;
    }

    /** Examples {@code rows} as one array {@code [rows.length, ...exampleShape]}, in the features' data type. */
    INDArray gather(int[] rows) {
        INDArray flat = Nd4j.pullRows(flatFeatures, 1, rows, 'c');
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = rows.length;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return exampleShape.length == 1 ? flat : flat.reshape('c', shape);
    }

    /** Class ids of {@code rows} as a {@code [k,1]} column. */
    INDArray classIdColumn(int[] rows) {
        double[] ids = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = classOfRow[rows[i]];
        }
        return Nd4j.createFromArray(ids).reshape(rows.length, 1).castTo(labelType());
    }

    /** One-hot {@code [k, labelWidth]} labels of {@code rows}. */
    INDArray oneHot(int[] rows) {
        double[][] v = new double[rows.length][labelWidth];
        for (int i = 0; i < rows.length; i++) {
            v[i][classOfRow[rows[i]]] = 1.0;
        }
        return Nd4j.createFromArray(v).castTo(labelType());
    }

    /** Labels share the features' floating-point type (what the network computes in); integer features get FLOAT labels. */
    DataType labelType() {
        DataType t = flatFeatures.dataType();
        return t.isFPType() ? t : DataType.FLOAT;
    }

    int classOf(int row) {
        return classOfRow[row];
    }

    int size() {
        return classOfRow.length;
    }

    long[] exampleShape() {
        return exampleShape.clone();
    }

    int flatWidth() {
        return (int) flatFeatures.size(1);
    }

    int labelWidth() {
        return labelWidth;
    }

    int classCount() {
        return rowsOfClass.size();
    }

    List<String> labelNames() {
        return labelNames == null ? null : Collections.unmodifiableList(labelNames);
    }

    String owner() {
        return owner;
    }

    /**
     * The rows of every class that can fill {@code needed} slots, after applying the small-class
     * policy; each entry is one class's rows (class ids in ascending order).
     *
     * @param neededWhy a short reason printed in the error, e.g. "K = 4" or "an anchor and a positive"
     * @param canRepeat whether the caller's builder offers {@code withReplacement(true)}, the remedy the
     *                  error then suggests beside {@code dropSmallClasses(true)}
     */
    int[][] usableClasses(int needed, SmallClasses policy, String neededWhy, boolean canRepeat) {
        List<int[]> usable = new ArrayList<>();
        for (Map.Entry<Integer, int[]> e : rowsOfClass.entrySet()) {
            int count = e.getValue().length;
            if (count >= needed || policy == SmallClasses.REPEAT) {
                usable.add(e.getValue());
            } else if (policy == SmallClasses.REJECT) {
                throw new IllegalArgumentException(String.format(
                        "%s: class %d has %d example(s), fewer than %s; use %sdropSmallClasses(true) to leave such "
                                + "classes out", owner, e.getKey(), count, neededWhy,
                        canRepeat ? "withReplacement(true) to repeat its examples or " : ""));
            }
        }
        return usable.toArray(new int[0][]);
    }

    /** Rows of all classes in ascending class id order (every class, whatever its size). */
    int[][] allClasses() {
        return rowsOfClass.values().toArray(new int[0][]);
    }
}
