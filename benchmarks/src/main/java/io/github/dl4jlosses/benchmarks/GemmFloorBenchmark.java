package io.github.dl4jlosses.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The physical floor of a batch loss: one {@code [B,D]×[D,B]} matrix multiply in ND4J (FLOAT), the
 * GEMM every distance matrix is built from. A batch loss needs at least this and, for its gradient,
 * typically two more GEMMs of the same size. Written as the losses write it: {@code Nd4j.gemm} with the
 * transpose flag (x.mmul(y.transpose()) passes a transposed view and is ~25% slower).
 */
@State(Scope.Benchmark)
public class GemmFloorBenchmark extends BenchDefaults {
    @Param({BenchShape.S128x128, BenchShape.S512x128, BenchShape.S1024x512})
    public String shape;

    private INDArray x;
    private INDArray y;

    @Setup
    public void setup() {
        BenchShape s = BenchShape.parse(shape);
        Nd4j.getRandom().setSeed(42);
        x = Nd4j.randn(DataType.FLOAT, s.batch, s.dim);
        y = Nd4j.randn(DataType.FLOAT, s.batch, s.dim);
    }

    @Benchmark
    public void mmul(Blackhole bh) {
        try (MemoryWorkspace ignored = Workspaces.open()) {
            bh.consume(Nd4j.gemm(x, y, false, true));
        }
    }
}
