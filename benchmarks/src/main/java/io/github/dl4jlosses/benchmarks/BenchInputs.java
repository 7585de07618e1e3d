package io.github.dl4jlosses.benchmarks;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Labels and preOutput handed to a loss in a benchmark. */
public final class BenchInputs {
    public final INDArray labels;
    public final INDArray preOutput;

    public BenchInputs(INDArray labels, INDArray preOutput) {
        this.labels = labels;
        this.preOutput = preOutput;
    }
}
