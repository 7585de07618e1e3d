package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.loss.CrossBatchMemory;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link CrossBatchMemory} around the multi-similarity loss: one training call (loss, gradient, storing the batch)
 * against a full memory of {@code memory} rows, inside a DL4J-like workspace and with none open. The batch is
 * compared with {@code [B, memory]} references, so the cost grows with the memory, not only with the batch.
 */
@State(Scope.Benchmark)
public class CrossBatchMemoryBenchmark extends BenchDefaults {
    @Param({BenchShape.S512x128, BenchShape.S1024x512})
    public String shape;

    @Param({"4096"})
    public int memory;

    private CrossBatchMemory fn;
    private BenchInputs in;
    private final IActivation identity = new ActivationIdentity();

    @Setup
    public void setup() {
        fn = CrossBatchMemory.of(new LossMultiSimilarity(), memory);
        in = InputFamily.LABELLED.create(BenchShape.parse(shape), DataType.FLOAT, 42);
        while (fn.rowsInMemory() < memory) {     // fill the memory before timing
            fn.computeGradient(in.labels, in.preOutput, identity, null);
        }
    }

    @Benchmark
    public void lossAndGradient(Blackhole bh) {
        try (MemoryWorkspace ignored = Workspaces.open()) {
            Pair<Double, INDArray> r = fn.computeGradientAndScore(in.labels, in.preOutput, identity, null, true);
            bh.consume(r.getFirst());
            bh.consume(r.getSecond());
        }
    }

    @Benchmark
    public void lossAndGradientNoWorkspace(Blackhole bh) {
        Pair<Double, INDArray> r = fn.computeGradientAndScore(in.labels, in.preOutput, identity, null, true);
        bh.consume(r.getFirst());
        bh.consume(r.getSecond());
    }
}
