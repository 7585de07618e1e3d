package io.github.dl4jlosses.examples.cli;

/** Embedding towers the trainer can build: a two-layer perceptron or a small convolutional net. */
public enum TowerChoice {
    MLP, CNN;

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
