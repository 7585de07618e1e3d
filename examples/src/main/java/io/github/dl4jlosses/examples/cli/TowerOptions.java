package io.github.dl4jlosses.examples.cli;

import picocli.CommandLine.Option;

/** The tower that {@code train} and {@code pretrain} build. */
public final class TowerOptions {
    @Option(names = "--tower", defaultValue = "cnn", description = "mlp or cnn (default ${DEFAULT-VALUE}).")
    String tower;

    @Option(names = "--embedding", defaultValue = "256", description = "Embedding size: the tower's last layer (default ${DEFAULT-VALUE}).")
    int embedding;

    @Option(names = "--hidden", defaultValue = "0",
            description = "Width of the tower's hidden dense layer; 0 = the tower's own (mlp 256, cnn 512; default ${DEFAULT-VALUE}).")
    int hidden;

    /** Checks the sizes (the tower name is parsed by {@link TrainCommand#parseTower}); one message per error. */
    void validate() {
        TrainCommand.requirePositive("--embedding", embedding);
        if (hidden < 0) throw new IllegalArgumentException("expected --hidden >= 0, got " + hidden);
    }
}
