package io.github.dl4jlosses.examples.cli;

import picocli.CommandLine.Option;

/** P×K batches and how much of the training data {@code train} and {@code pretrain} use. */
public final class BatchOptions {
    @Option(names = {"-P", "--classes-per-batch"}, defaultValue = "5", description = "P: classes per batch; for infonce, npair, generalized-triplet: distinct-class pairs per group (default ${DEFAULT-VALUE}).")
    int classesPerBatch;

    @Option(names = {"-K", "--per-class"}, defaultValue = "16", description = "K: examples per class in a batch; infonce, npair, generalized-triplet stack K/2 groups of P pairs (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--train-per-class", defaultValue = "0", description = "Use at most this many training images per class (0 = all).")
    int trainPerClass;
}
