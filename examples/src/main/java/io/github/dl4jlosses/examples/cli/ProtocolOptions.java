package io.github.dl4jlosses.examples.cli;

import picocli.CommandLine.Option;

/** How the test split is evaluated: verification folds and how many test images per class. */
public final class ProtocolOptions {
    @Option(names = "--test-per-class", defaultValue = "0", description = "Use at most this many test images per class (0 = all).")
    int testPerClass;

    @Option(names = "--folds", defaultValue = "10", description = "Verification folds for Fashion-MNIST (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--pairs-per-fold", defaultValue = "300", description = "Matched (and as many mismatched) pairs per fold (default ${DEFAULT-VALUE}).")
    int pairsPerFold;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights, batches and Fashion-MNIST pairs (default ${DEFAULT-VALUE}).")
    long seed;
}
