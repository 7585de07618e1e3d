package io.github.dl4jlosses.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Pair batches for the in-batch-negative losses ({@code LossNPair}, {@code LossInfoNCE},
 * {@code LossGeneralizedTriplet}): N rows {@code [anchor_i | positive_i]}, anchor and positive two
 * different examples of one class, and <em>every row from a different class</em>, so the other
 * rows' positives are true negatives of each anchor (Sohn 2016's N-pair batch construction).
 * <p>
 * <b>Layout.</b> {@link #next()} gives features {@code [N, 2F]} = {@code [anchors | positives]}
 * and labels {@code [N, 1]} class ids; this needs flat {@code [n, F]} source features. For
 * features of any shape (e.g. {@code [n, c, h, w]} images), and for graphs whose tower embeds
 * anchors and positives as two inputs (then a {@code MergeVertex} gives the loss its
 * {@code [N, 2D]}), use {@link Builder#buildMultiDataSetIterator()}: features
 * {@code {anchors [N, ...], positives [N, ...]}}, same labels.
 * <p>
 * <b>Epoch.</b> A P×K schedule with P = N and K = 2 (see {@link PKBatchIterator}): each class is
 * cut into pairs, every example is in at least one pair per epoch, about {@code n / (2N)} batches.
 * Seeding, {@link #reset()} and {@link #setEpoch(int)} behave as in {@link PKBatchIterator}.
 * <p>
 * A class with a single example cannot give a pair: it is an {@link IllegalArgumentException}
 * unless {@link Builder#dropSmallClasses(boolean)} leaves such classes out. N must be at least 2
 * and at most the number of classes with two or more examples.
 */
public class PairBatchIterator extends EpochDataSetIterator {
    private static final long serialVersionUID = 1L;
    static final String NAME = "PairBatchIterator";

    /** Pairs (rows) per batch. */
    private final int pairs;

    PairBatchIterator(PairBatchSampler sampler) {
        super(sampler.data, sampler.plan);
        this.pairs = sampler.pairs;
    }

    /** A builder with N = 32 pairs per batch and seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    DataSet batchOf(int[][] groups) {
        int[][] anchorsAndPositives = PairBatchSampler.anchorsAndPositives(groups);
        return new DataSet(Nd4j.hstack(data.gather(anchorsAndPositives[0]), data.gather(anchorsAndPositives[1])),
                data.classIdColumn(anchorsAndPositives[0]));
    }

    /** Only the configured N is possible; any other is an UnsupportedOperationException. */
    @Override
    public DataSet next(int num) {
        if (num != batch()) {
            throw new UnsupportedOperationException(NAME + ": batches always hold N = " + batch() + " pairs, got a request for " + num);
        }
        return next();
    }

    /** 2F: an anchor's and a positive's values side by side. */
    @Override
    public int inputColumns() {
        return 2 * data.flatWidth();
    }

    /** N, the pairs (and distinct classes) per batch. */
    @Override
    public int batch() {
        return pairs;
    }

    /** Configures a {@link PairBatchIterator} or its two-input twin; {@link #data} is required. */
    public static final class Builder extends SamplingBuilder<Builder> {
        private int pairs = 32;

        private Builder() {
        }

        /** N, the pairs per batch, each of its own class (at least 2: a lone pair has no in-batch negative). */
        public Builder pairsPerBatch(int pairs) {
            this.pairs = pairs;
            return this;
        }

        /** Flat features only: batches {@code [N, 2F]}. */
        public PairBatchIterator build() {
            PairBatchSampler sampler = sampler(NAME);
            long[] shape = sampler.data.exampleShape();
            if (shape.length != 1) {
                throw new IllegalArgumentException(String.format(
                        "%s: expected flat features [n, F] for [anchor | positive] rows, got examples of shape %s; "
                                + "use buildMultiDataSetIterator() for features of any shape",
                        NAME, Arrays.toString(shape)));
            }
            return new PairBatchIterator(sampler);
        }

        /** Features of any shape: batches with two inputs {@code {anchors, positives}}. */
        public PairBatchMultiDataSetIterator buildMultiDataSetIterator() {
            return new PairBatchMultiDataSetIterator(sampler(PairBatchMultiDataSetIterator.NAME));
        }

        private PairBatchSampler sampler(String owner) {
            if (pairs < 2) {
                throw new IllegalArgumentException(owner + ": expected pairsPerBatch N >= 2 (the other rows' positives are "
                        + "each anchor's negatives), got " + pairs);
            }
            SmallClasses policy = smallClasses(owner);
            return new PairBatchSampler(loadData(owner), pairs, seed, policy);
        }
    }
}
