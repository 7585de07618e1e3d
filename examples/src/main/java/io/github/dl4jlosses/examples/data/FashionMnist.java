package io.github.dl4jlosses.examples.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017; MIT licence, Zalando SE): 28×28 greyscale images of
 * ten clothing classes. The 10,000-image test split ships inside this module (from Debian's
 * {@code dataset-fashion-mnist}), so the demo runs out of the box; a directory holding the idx
 * files ({@code train-*} and/or {@code t10k-*}, gzipped or not, e.g. {@code /usr/share/datasets/fashion-mnist}
 * from that package) can be given instead.
 */
public final class FashionMnist {
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String BUNDLED = "/fashion-mnist/";

    private FashionMnist() {
    }

    /** The bundled test split (10,000 images). */
    public static LabelledImages bundled() throws IOException {
        return read(resource("t10k-images-idx3-ubyte.gz"), resource("t10k-labels-idx1-ubyte.gz"),
                "bundled " + BUNDLED + "t10k-*");
    }

    /**
     * The splits found in {@code dir}, kept apart: {@code train} from {@code train-images-idx3-ubyte[.gz]}
     * with its labels, {@code test} from the {@code t10k-…} pair; either (not both) may be null.
     */
    public static final class Splits {
        private final LabelledImages train;
        private final LabelledImages test;

        Splits(LabelledImages train, LabelledImages test) {
            this.train = train;
            this.test = test;
        }

        /** The {@code train-*} split, or null when {@code dir} has none. */
        public LabelledImages train() {
            return train;
        }

        /** The {@code t10k-*} split, or null when {@code dir} has none. */
        public LabelledImages test() {
            return test;
        }
    }

    /**
     * Reads {@code dir}'s {@code train-*} and/or {@code t10k-*} idx files (gzipped or not) as separate splits.
     * Debian's {@code dataset-fashion-mnist} installs all four, gzipped, in {@code /usr/share/datasets/fashion-mnist}.
     */
    public static Splits splitsFromDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new FileNotFoundException("Fashion-MNIST directory not found: " + dir.toAbsolutePath());
        }
        LabelledImages train = split(dir, "train");
        LabelledImages test = split(dir, "t10k");
        if (train == null && test == null) {
            throw new FileNotFoundException("no Fashion-MNIST idx files in " + dir.toAbsolutePath()
                    + ": expected train-images-idx3-ubyte(.gz) + train-labels-idx1-ubyte(.gz) and/or the t10k-* pair");
        }
        return new Splits(train, test);
    }

    /**
     * All splits found in {@code dir} (see {@link #splitsFromDirectory}): their union, train first.
     */
    public static LabelledImages fromDirectory(Path dir) throws IOException {
        Splits splits = splitsFromDirectory(dir);
        LabelledImages train = splits.train();
        LabelledImages test = splits.test();
        if (train == null || test == null) {
            return train == null ? test : train;
        }
        float[][] pixels = new float[train.size() + test.size()][];
        int[] labels = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            LabelledImages from = i < train.size() ? train : test;
            int j = i < train.size() ? i : i - train.size();
            pixels[i] = from.pixels(j);
            labels[i] = from.label(j);
        }
        return new LabelledImages(pixels, labels, train.height(), train.width());
    }

    private static LabelledImages split(Path dir, String prefix) throws IOException {
        Path images = existing(dir, prefix + "-images-idx3-ubyte");
        Path labels = existing(dir, prefix + "-labels-idx1-ubyte");
        if (images == null && labels == null) {
            return null;
        }
        if (images == null || labels == null) {
            throw new FileNotFoundException("in " + dir.toAbsolutePath() + ": found "
                    + (images == null ? labels.getFileName() : images.getFileName()) + " but not its "
                    + (images == null ? "images" : "labels") + " file");
        }
        try (InputStream i = Files.newInputStream(images); InputStream l = Files.newInputStream(labels)) {
            return read(i, l, images + " / " + labels.getFileName());
        }
    }

    private static Path existing(Path dir, String name) {
        for (String candidate : new String[]{name + ".gz", name}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static LabelledImages read(InputStream images, InputStream labels, String source) throws IOException {
        IdxReader.Images img = IdxReader.readImages(images, source);
        int[] y = IdxReader.readLabels(labels, source);
        if (y.length != img.pixels.length) {
            throw new IOException(source + ": expected as many labels as images, got " + img.pixels.length
                    + " images and " + y.length + " labels");
        }
        return new LabelledImages(img.pixels, y, img.height, img.width);
    }

    private static InputStream resource(String name) throws FileNotFoundException {
        InputStream in = FashionMnist.class.getResourceAsStream(BUNDLED + name);
        if (in == null) {
            throw new FileNotFoundException("bundled Fashion-MNIST resource missing: " + BUNDLED + name);
        }
        return in;
    }
}
