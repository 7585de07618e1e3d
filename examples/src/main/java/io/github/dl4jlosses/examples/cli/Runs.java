package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.data.ImageLoader;
import io.github.dl4jlosses.examples.train.DataSplit;
import io.github.dl4jlosses.examples.train.TrainingLoop;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.io.IOException;

/** Pieces shared by the subcommands. */
final class Runs {
    private Runs() {
    }

    /**
     * The split a command works on. {@code withTraining = false} (evaluate) skips LFW's training
     * people, which evaluation never uses; Fashion-MNIST then keeps {@code trainPerClass} images per class.
     */
    static DataSplit split(DataOptions data, boolean withTraining, int trainPerClass, int testPerClass, int folds,
                           int perFold, long seed) throws IOException {
        if (data.isLfw()) {
            return DataSplit.lfw(data.lfw, data.pairs, new ImageLoader(data.imageSize, !data.rgb, data.crop), data.minImages,
                    withTraining);
        }
        return DataSplit.fashionMnist(data.fashionMnist, trainPerClass, testPerClass, folds, perFold, seed);
    }

    /** Counts one epoch of the iterator (each iterator defines its epoch), then rewinds it. */
    static int batchesPerEpoch(MultiDataSetIterator it) {
        return Epoch.of(it).batches;
    }

    /** The size of one epoch of an iterator and of its first batch. */
    static final class Epoch {
        /** Batches in one epoch. */
        final int batches;
        /** Rows of the first batch's first input (pairs, triplets or images). */
        final long rows;
        /** Images of the first batch, every input counted (2 a pair, 3 a triplet). */
        final long images;

        private Epoch(int batches, long rows, long images) {
            this.batches = batches;
            this.rows = rows;
            this.images = images;
        }

        /** Runs through one epoch of {@code it} (each iterator defines its epoch), then rewinds it. */
        static Epoch of(MultiDataSetIterator it) {
            it.reset();
            int n = 0;
            long rows = 0, images = 0;
            while (it.hasNext()) {
                MultiDataSet b = it.next();
                if (n == 0) {
                    rows = b.getFeatures(0).size(0);
                    images = TrainingLoop.images(b);
                }
                n++;
            }
            it.reset();
            return new Epoch(n, rows, images);
        }
    }
}
