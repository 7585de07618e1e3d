package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.data.ImageLoader;
import io.github.dl4jlosses.examples.train.DataSplit;
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
        it.reset();
        int n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        it.reset();
        return n;
    }
}
