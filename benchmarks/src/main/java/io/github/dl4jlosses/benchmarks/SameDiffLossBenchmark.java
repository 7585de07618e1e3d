package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.samediff.SameDiffTwins;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The SameDiff twin of every {@link LossCase} ({@link SameDiffTwins#of}): one {@code computeGradientAndScore}
 * with the same inputs and settings as {@link LossBenchmark}, the gradient coming from SameDiff's autodiff.
 * (The twins run their graphs outside DL4J's workspaces by design; the surrounding workspace only holds
 * the activation and result copies, as in a network.)
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1) // SameDiff's Java-side executor needs longer JIT warm-up than the analytic code
public class SameDiffLossBenchmark extends BenchDefaults {
    @Param
    public LossCase loss;

    @Param({BenchShape.S128x128, BenchShape.S512x128, BenchShape.S1024x512})
    public String shape;

    private ILossFunction fn;
    private BenchInputs in;
    private final IActivation identity = new ActivationIdentity();

    @Setup
    public void setup() {
        fn = SameDiffTwins.of(loss.create());
        in = loss.family.create(BenchShape.parse(shape), DataType.FLOAT, 42);
    }

    @Benchmark
    public void lossAndGradient(Blackhole bh) {
        try (MemoryWorkspace ignored = Workspaces.open()) {
            Pair<Double, INDArray> r = fn.computeGradientAndScore(in.labels, in.preOutput, identity, null, true);
            bh.consume(r.getFirst());
            bh.consume(r.getSecond());
        }
    }
}
