package io.github.dl4jlosses.benchmarks;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Analytic loss + gradient: one {@code computeGradientAndScore} (identity activation, no mask, FLOAT)
 * for every {@link LossCase} at every shape, both ways a user calls a loss: inside a training-like workspace
 * ({@link Workspaces}, as DL4J's {@code fit}) and with no workspace open (scoring a batch; the loss then computes in
 * its own call workspace). With no workspace open the results are fresh off-heap arrays: left to the garbage
 * collector ({@code lossAndGradientNoWorkspace}, ND4J frees them only when the JVM collects them, so every call
 * first-touches new memory) or closed after use ({@code lossAndGradientNoWorkspaceClosed}, as PyTorch frees a
 * tensor when its last reference goes; the comparison with {@code pytorch_baseline.py}).
 * <p>
 * Every method takes a {@link Lockstep}, whose fixtures (outside the timed region) let PyTorch's side run an iteration
 * after each of ours when {@code benchmarks/lockstep.sh} runs them; otherwise it does nothing.
 */
@State(Scope.Benchmark)
public class LossBenchmark extends BenchDefaults {
    @Param
    public LossCase loss;

    @Param({BenchShape.S128x128, BenchShape.S512x128, BenchShape.S1024x512})
    public String shape;

    private ILossFunction fn;
    private BenchInputs in;
    private final IActivation identity = new ActivationIdentity();

    @Setup
    public void setup() {
        fn = loss.create();
        in = loss.family.create(BenchShape.parse(shape), DataType.FLOAT, 42);
    }

    @Benchmark
    public void lossAndGradient(Blackhole bh, Lockstep turns) {
        try (MemoryWorkspace ignored = Workspaces.open()) {
            Pair<Double, INDArray> r = fn.computeGradientAndScore(in.labels, in.preOutput, identity, null, true);
            bh.consume(r.getFirst());
            bh.consume(r.getSecond());
        }
    }

    @Benchmark
    public void lossAndGradientNoWorkspace(Blackhole bh, Lockstep turns) {
        Pair<Double, INDArray> r = fn.computeGradientAndScore(in.labels, in.preOutput, identity, null, true);
        bh.consume(r.getFirst());
        bh.consume(r.getSecond());
    }

    /** As {@link #lossAndGradientNoWorkspace}, closing the gradient after use (the score is a Java double). */
    @Benchmark
    public void lossAndGradientNoWorkspaceClosed(Blackhole bh, Lockstep turns) {
        Pair<Double, INDArray> r = fn.computeGradientAndScore(in.labels, in.preOutput, identity, null, true);
        bh.consume(r.getFirst());
        bh.consume(r.getSecond());
        r.getSecond().close();
    }
}
