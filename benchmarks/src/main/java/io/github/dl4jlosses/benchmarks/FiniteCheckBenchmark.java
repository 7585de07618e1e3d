package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.ops.CallWorkspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Scope;

/**
 * The cost of refusing non-finite embeddings: {@link LossInputs#requireFinite} alone on the preOutput every loss
 * of {@link LossCase} receives at each shape, inside the benchmark's training-like workspace and, as a loss called
 * with no workspace open runs it, in the loss's own call workspace. (Outside any workspace this one sum took about
 * 7 ms at 1024×512 — the scalar result's allocation — which is why the losses run their checks in a workspace.) {@link LossBenchmark} times the losses with the check included; the check's share of a loss call is this
 * time divided by that one.
 */
@State(Scope.Benchmark)
public class FiniteCheckBenchmark extends BenchDefaults {
    @Param
    public LossCase loss;

    @Param({BenchShape.S512x128, BenchShape.S1024x512})
    public String shape;

    private BenchInputs in;

    @Setup
    public void setup() {
        in = loss.family.create(BenchShape.parse(shape), DataType.FLOAT, 42);
    }

    @Benchmark
    public void insideWorkspace() {
        try (MemoryWorkspace ignored = Workspaces.open()) {
            LossInputs.requireFinite("bench", "preOutput", in.preOutput);
        }
    }

    /** As a loss called with no workspace open runs it: in its call workspace. */
    @Benchmark
    public void noWorkspace() {
        CallWorkspace.run(() -> LossInputs.requireFinite("bench", "preOutput", in.preOutput));
    }
}
