package io.github.dl4jlosses.examples.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the images come from: the bundled Fashion-MNIST split (default), idx files, or an LFW tree. */
public final class DataOptions {
    @Option(names = "--fashion-mnist", paramLabel = "DIR",
            description = "Folder with Fashion-MNIST idx files (train-*/t10k-*, .gz or raw) instead of the bundled test split: "
                    + "train-* classes 0-4 train, t10k-* classes 5-9 are evaluated (e.g. /usr/share/datasets/fashion-mnist from "
                    + "Debian's dataset-fashion-mnist).")
    Path fashionMnist;

    @Option(names = "--lfw", paramLabel = "DIR", description = "LFW image folder: DIR/<name>/<name>_NNNN.jpg.")
    Path lfw;

    @Option(names = "--pairs", paramLabel = "FILE", description = "LFW pairs.txt (10 folds of matched and mismatched pairs); needs --lfw.")
    Path pairs;

    @Option(names = "--image-size", defaultValue = "32", description = "LFW: side of the resized face crop (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--crop", defaultValue = "0.5", description = "LFW: centre crop as a fraction of the image side (default ${DEFAULT-VALUE}).")
    double crop;

    @Option(names = "--rgb", description = "LFW: keep three colour channels instead of greyscale.")
    boolean rgb;

    @Option(names = "--min-images", defaultValue = "2", description = "LFW: train on people with at least this many images (default ${DEFAULT-VALUE}).")
    int minImages;

    /** Rejects contradictory choices before any data is read. */
    void validate() {
        if (lfw != null && fashionMnist != null) {
            throw new IllegalArgumentException("expected either --lfw or --fashion-mnist, got both");
        }
        if ((lfw == null) != (pairs == null)) {
            throw new IllegalArgumentException("expected --lfw DIR and --pairs FILE together, got only "
                    + (lfw == null ? "--pairs" : "--lfw"));
        }
    }

    boolean isLfw() {
        return lfw != null;
    }
}
