package io.github.dl4jlosses.data;

import lombok.Getter;
import lombok.Setter;
import lombok.experimental.Accessors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Class-balanced batches for mined, labelled-batch losses ({@code LossBatchTriplet},
 * {@code LossMultiSimilarity}): every batch holds exactly P distinct classes with K examples each
 * (Hermans, Beyer &amp; Leibe 2017, "In Defense of the Triplet Loss for Person Re-Identification"),
 * so each anchor has K−1 positives and (P−1)·K negatives in its batch.
 * <p>
 * <b>Source.</b> A labelled {@link DataSet}, or a {@link DataSetIterator} that is drained into
 * memory once. Features may have any shape {@code [n, ...]} (flat or {@code [n, c, h, w]} images)
 * and keep it in the batches; labels are one-hot {@code [n, C]} or class ids {@code [n, 1]}.
 * <p>
 * <b>Batches.</b> Features {@code [P·K, ...]}, the K examples of a class in consecutive rows;
 * labels {@code [P·K, 1]} class ids ({@link LabelFormat#CLASS_IDS}, the default) or one-hot
 * {@code [P·K, C]}, in the features' floating-point type.
 * <p>
 * <b>Epoch.</b> Each class is shuffled and cut into chunks of K examples (a last partial chunk is
 * topped up with other examples of the class); an epoch serves every chunk once, so <em>every
 * example appears at least once per epoch</em>. It has {@code max(ceil(T/P), c_max)} batches, T being
 * the number of chunks and c_max the most chunks of one class — about {@code n / (P·K)} for
 * balanced classes. Near the end of an epoch, when fewer than P classes have chunks left, batches
 * are completed with fresh random chunks of other classes; all batches are full.
 * <p>
 * <b>Seeding.</b> The batches of epoch e depend only on the seed and e: two iterators with the same
 * seed and data yield the same batches. {@link #reset()} starts the next epoch, shuffled anew (a
 * reset before any batch of the current epoch was taken keeps it); {@link #setEpoch(int)} replays
 * or resumes a given epoch.
 * <p>
 * <b>Small classes.</b> A class with fewer than K examples is an {@link IllegalArgumentException}
 * naming it, unless {@link Builder#withReplacement(boolean)} repeats its examples or
 * {@link Builder#dropSmallClasses(boolean)} leaves it out. Fewer than P usable classes is an error.
 *
 * <pre>{@code
 * DataSetIterator train = PKBatchIterator.builder()
 *         .data(trainSet).classesPerBatch(8).examplesPerClass(4).seed(42).build();
 * }</pre>
 */
@Accessors(fluent = true)
public class PKBatchIterator extends EpochDataSetIterator {
    private static final long serialVersionUID = 1L;
    private static final String NAME = "PKBatchIterator";

    /** P, the number of classes in each batch. */
    @Getter
    private final int classesPerBatch;
    /** K, the number of examples of each class in a batch. */
    @Getter
    private final int examplesPerClass;
    /** How the class ids of a batch are written (one column of ids, or one-hot). */
    private final LabelFormat labelFormat;

    private PKBatchIterator(Builder b, LabelledData data, SmallClasses policy) {
        super(data, new ClassBalancedPlan(b.seed,
                BatchModes.classBalancedClasses(NAME, data, b.classesPerBatch, b.examplesPerClass, policy),
                b.classesPerBatch, b.examplesPerClass));
        this.classesPerBatch = b.classesPerBatch;
        this.examplesPerClass = b.examplesPerClass;
        this.labelFormat = b.labelFormat;
    }

    /** A builder with P = 8, K = 4, seed 0 and class-id labels. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    DataSet batchOf(int[][] groups) {
        int[] rows = Sampling.flatten(groups);
        INDArray labels = labelFormat == LabelFormat.ONE_HOT ? data.oneHot(rows) : data.classIdColumn(rows);
        return new DataSet(data.gather(rows), labels);
    }

    /** Only the configured batch size P·K is possible; any other is an UnsupportedOperationException. */
    @Override
    public DataSet next(int num) {
        if (num != batch()) {
            throw new UnsupportedOperationException(NAME + ": batches always hold P·K = " + batch() + " examples, got a request for " + num);
        }
        return next();
    }

    /** Values per example (the product of the per-example dimensions). */
    @Override
    public int inputColumns() {
        return data.flatWidth();
    }

    @Override
    public int batch() {
        return classesPerBatch * examplesPerClass;
    }

    /** Configures a {@link PKBatchIterator}; {@link #data} is required. */
    @Setter
    @Accessors(fluent = true)
    public static final class Builder extends SamplingBuilder<Builder> {
        /** P, the distinct classes in every batch (at least 2, so anchors have negatives). */
        private int classesPerBatch = 8;
        /** K, the examples of each class in a batch (at least 2, so anchors have positives). */
        private int examplesPerClass = 4;
        /** Class ids {@code [B,1]} (default) or one-hot {@code [B,C]}. */
        private LabelFormat labelFormat = LabelFormat.CLASS_IDS;

        private Builder() {
        }

        /** Let a class with fewer than K examples fill its K slots by repeating examples (each appears at least once). */
        public Builder withReplacement(boolean withReplacement) {
            this.withReplacement = withReplacement;
            return this;
        }

        /** @throws IllegalArgumentException on a bad setting or data that cannot fill P×K batches */
        public PKBatchIterator build() {
            if (classesPerBatch < 2) {
                throw new IllegalArgumentException(NAME + ": expected classesPerBatch P >= 2 (anchors need negatives from "
                        + "another class), got " + classesPerBatch);
            }
            if (examplesPerClass < 2) {
                throw new IllegalArgumentException(NAME + ": expected examplesPerClass K >= 2 (anchors need a positive of "
                        + "their class), got " + examplesPerClass);
            }
            if (labelFormat == null) {
                throw new IllegalArgumentException(NAME + ": expected a labelFormat, got null");
            }
            SmallClasses policy = smallClasses(NAME);
            return new PKBatchIterator(this, loadData(NAME), policy);
        }
    }
}
