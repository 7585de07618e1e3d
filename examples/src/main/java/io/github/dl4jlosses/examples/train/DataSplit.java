package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.examples.data.FashionMnist;
import io.github.dl4jlosses.examples.data.ImageLoader;
import io.github.dl4jlosses.examples.data.LabelledImages;
import io.github.dl4jlosses.examples.data.LfwDataset;
import io.github.dl4jlosses.examples.data.LfwPairs;
import io.github.dl4jlosses.examples.protocol.VerificationPairs;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open-set split every run uses: training images of some classes, test images of classes the
 * network never saw, and verification pairs in folds over the test images.
 * <ul>
 *   <li>Fashion-MNIST: train on classes 0–4, test on 5–9 with {@code folds} folds of
 *       {@code perFold} matched + {@code perFold} mismatched pairs (seeded).</li>
 *   <li>LFW: test pairs and folds from {@code pairs.txt}; training on the people pairs.txt never
 *       names (so, as in the benchmark, evaluation identities are unseen).</li>
 * </ul>
 */
public final class DataSplit {
    public static final int[] FMNIST_TRAIN_CLASSES = {0, 1, 2, 3, 4};
    public static final int[] FMNIST_TEST_CLASSES = {5, 6, 7, 8, 9};

    /** The training images; null for a split loaded for evaluation only ({@link #lfw} with {@code withTraining = false}). */
    public final LabelledImages train;
    public final LabelledImages test;
    public final VerificationPairs pairs;
    public final Map<Integer, String> testClassNames;
    public final String description;

    private DataSplit(LabelledImages train, LabelledImages test, VerificationPairs pairs,
                      Map<Integer, String> testClassNames, String description) {
        this.train = train;
        this.test = test;
        this.pairs = pairs;
        this.testClassNames = testClassNames;
        this.description = description;
    }

    /**
     * Fashion-MNIST from {@code dir} (null: the bundled test split). With both splits in {@code dir}, training
     * takes classes 0–4 of the training split (30,000 images) and evaluation classes 5–9 of the test split
     * (5,000 images), so the evaluation is the same as the bundled split's; with one split, both come from it.
     * {@code trainPerClass} and {@code testPerClass} cap the images per class (0 = all), for quick runs.
     */
    public static DataSplit fashionMnist(Path dir, int trainPerClass, int testPerClass, int folds, int perFold,
                                         long seed) throws IOException {
        LabelledImages trainFrom;
        LabelledImages testFrom;
        String source;
        if (dir == null) {
            trainFrom = testFrom = FashionMnist.bundled();
            source = "bundled Fashion-MNIST test split";
        } else {
            FashionMnist.Splits splits = FashionMnist.splitsFromDirectory(dir);
            trainFrom = splits.train() != null ? splits.train() : splits.test();
            testFrom = splits.test() != null ? splits.test() : splits.train();
            source = "Fashion-MNIST from " + dir + " ("
                    + (splits.train() != null && splits.test() != null ? "training split for training, test split for evaluation"
                    : "only its " + (splits.train() != null ? "training" : "test") + " split, for both") + ")";
        }
        LabelledImages train = trainFrom.onlyClasses(FMNIST_TRAIN_CLASSES);
        LabelledImages test = testFrom.onlyClasses(FMNIST_TEST_CLASSES);
        if (trainPerClass > 0) train = train.firstPerClass(trainPerClass);
        if (testPerClass > 0) test = test.firstPerClass(testPerClass);
        Map<Integer, String> names = new LinkedHashMap<>();
        for (int c : FMNIST_TEST_CLASSES) names.put(c, FashionMnist.CLASS_NAMES.get(c));
        VerificationPairs pairs = VerificationPairs.random(test.labels(), folds, perFold, seed);
        String what = source + ": train on classes 0-4 (" + train.size() + " images), verify and retrieve on unseen classes 5-9 ("
                + test.size() + " images)";
        return new DataSplit(train, test, pairs, names, what);
    }

    /**
     * LFW: pairs.txt defines the test pairs; everything it does not name (with ≥ minImages) trains. With
     * {@code withTraining = false} (evaluating a trained model) the training people are not read at all:
     * {@link #train} is null.
     */
    public static DataSplit lfw(Path root, Path pairsFile, ImageLoader loader, int minImages, boolean withTraining)
            throws IOException {
        LfwPairs lfw = LfwPairs.parse(pairsFile, root);     // validates every line and image path first
        LfwDataset.Loaded training = withTraining ? LfwDataset.load(root, loader, minImages, lfw.people()) : null;
        Map<Path, Integer> index = new HashMap<>();
        Map<String, Integer> personIds = new LinkedHashMap<>();
        List<float[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int n = lfw.pairs().size();
        int[] left = new int[n], right = new int[n], fold = new int[n];
        boolean[] same = new boolean[n];
        for (int i = 0; i < n; i++) {
            LfwPairs.Pair p = lfw.pairs().get(i);
            left[i] = indexOf(p.left, p.leftPerson, index, personIds, pixels, labels, loader);
            right[i] = indexOf(p.right, p.rightPerson, index, personIds, pixels, labels, loader);
            same[i] = p.same;
            fold[i] = p.fold;
        }
        LabelledImages test = new LabelledImages(pixels.toArray(new float[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(), loader.channels(), loader.size(), loader.size());
        Map<Integer, String> names = new LinkedHashMap<>();
        personIds.forEach((person, id) -> names.put(id, person));
        String trainedOn = training == null ? "" : "train on " + training.people.size() + " people not in "
                + pairsFile.getFileName() + " (" + training.images.size() + " images), ";
        String what = "LFW from " + root + ": " + trainedOn + "verify on its " + n + " pairs in " + lfw.folds() + " folds";
        return new DataSplit(training == null ? null : training.images, test, new VerificationPairs(left, right, same, fold, lfw.folds()), names, what);
    }

    private static int indexOf(Path image, String person, Map<Path, Integer> index, Map<String, Integer> personIds,
                               List<float[]> pixels, List<Integer> labels, ImageLoader loader) throws IOException {
        Integer known = index.get(image);
        if (known != null) return known;
        int id = personIds.computeIfAbsent(person, k -> personIds.size());
        pixels.add(loader.load(image));
        labels.add(id);
        index.put(image, pixels.size() - 1);
        return pixels.size() - 1;
    }

    /** Features {@code [n, c·h·w]} (FLOAT) of a set of images. */
    public static INDArray features(LabelledImages images) {
        float[][] rows = new float[images.size()][];
        for (int i = 0; i < rows.length; i++) rows[i] = images.pixels(i);
        return Nd4j.createFromArray(rows);
    }

    /** A DataSet with flat features and {@code [n,1]} class-id labels, what the batch iterators take. */
    public static DataSet dataSet(LabelledImages images) {
        INDArray labels = Nd4j.createFromArray(images.labels()).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                .reshape(images.size(), 1);
        return new DataSet(features(images), labels);
    }
}
