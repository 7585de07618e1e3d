package io.github.dl4jlosses.benchmarks;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.function.LongSupplier;

/**
 * One {@link LossBenchmark#lossAndGradient} call of a {@link LossCase} at a shape, timed: {@link #getAsLong} returns
 * its nanoseconds. A {@link LongSupplier} so that {@link VersionAB} can hold calls into builds of the library that its
 * own class loader does not see.
 */
public final class LossCall implements LongSupplier {
    private final ILossFunction fn;
    private final BenchInputs in;
    private final IActivation identity = new ActivationIdentity();
    /** Its own workspace: calls of two builds, or of two losses, in one thread must not share a learned size. */
    private final String workspace = "DL4J_LOSSES_CALL_" + System.identityHashCode(this);

    public LossCall(String loss, String shape) {
        LossCase c = LossCase.valueOf(loss);
        fn = c.create();
        in = c.family.create(BenchShape.parse(shape), DataType.FLOAT, 42);
    }

    @Override
    public long getAsLong() {
        long start = System.nanoTime();
        try (MemoryWorkspace ignored = Workspaces.open(workspace)) {
            fn.computeGradientAndScore(in.labels, in.preOutput, identity, null, true);
        }
        return System.nanoTime() - start;
    }
}
