package io.github.dl4jlosses.benchmarks;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * The batch-all memory case: {@code LossBatchTriplet} with {@code TripletMining.ALL} at B = 2048, D = 128
 * (FLOAT; 2048·3 positives × 2048 negatives ≈ 12.6 M triplets per batch) in a fork whose JavaCPP off-heap
 * is capped at 1 GiB ({@code maxbytes}) and whose resident memory at 512 MiB heap + 1.5 GiB
 * ({@code maxphysicalbytes}: in ND4J 1.0.0-M2.1 it is the cap JavaCPP enforces on ND4J's own allocations).
 * A {@code [B,B,B]} tensor would need 32 GiB, so completing shows the O(B²) memory bound. The fork prints
 * its peak resident set size ({@code VmHWM}) at the end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m", "-Dorg.bytedeco.javacpp.maxbytes=1G",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=2G"})
public class BatchAllMemoryBenchmark {
    @Param({"BATCH_TRIPLET_ALL"})
    public LossCase loss;

    @Param({"2048x128"})
    public String shape;

    /** Whether the call runs inside a training-like workspace ({@link Workspaces}), as under {@code fit}. */
    @Param({"false", "true"})
    public boolean workspace;

    private ILossFunction fn;
    private BenchInputs in;
    private final IActivation identity = new ActivationIdentity();

    @Setup
    public void setup() {
        fn = loss.create();
        in = loss.family.create(BenchShape.parse(shape), DataType.FLOAT, 42);
    }

    @Benchmark
    public void lossAndGradient(Blackhole bh) {
        if (!workspace) {
            run(bh);
            return;
        }
        try (MemoryWorkspace ignored = Workspaces.open()) {
            run(bh);
        }
    }

    private void run(Blackhole bh) {
        Pair<Double, INDArray> r = fn.computeGradientAndScore(in.labels, in.preOutput, identity, null, true);
        bh.consume(r.getFirst());
        bh.consume(r.getSecond());
    }

    @TearDown
    public void reportPeakMemory() throws IOException {
        if (!Files.isReadable(Paths.get("/proc/self/status"))) {
            return; // not Linux
        }
        Files.readAllLines(Paths.get("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS"))
                .forEach(l -> System.out.println("[" + loss + " " + shape + " workspace=" + workspace + "] " + l.replaceAll("\\s+", " ")));
    }
}
