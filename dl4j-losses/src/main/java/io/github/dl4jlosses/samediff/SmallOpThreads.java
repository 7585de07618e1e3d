package io.github.dl4jlosses.samediff;

import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Supplier;

/**
 * Runs a {@link GraphPlan}'s call with libnd4j's small ops on one thread: while any plan replays, libnd4j's threshold
 * for splitting an op over its threads (its element-wise threshold, which reductions along an axis go by too) is raised
 * to {@link #ONE_THREAD_BELOW} elements, and the last replay to end puts back what was there.
 * <p>
 * Why: libnd4j splits an op over its threads from 1,024 elements up; with {@code OMP_WAIT_POLICY=PASSIVE} the second
 * thread sleeps between ops, and waking it costs more than it saves on a twin's {@code [512,128]} arrays (a tuple twin
 * is 20-odd such ops in a row). Session 42, 2-core VM, {@code TwinRatio}, the threshold raised for the whole process:
 * the multi-sample triplet twin at 512×128 took 1.01–1.07 ms a call against 1.43–1.49 ms; at 1024×512 (arrays of
 * 2^19 elements, split as before) the tuple and InfoNCE twins were unchanged.
 * <p>
 * The threshold is process-wide: ops that other threads run during a replay are split by the raised one too (their
 * results are the same, only their threads differ). {@code -Ddl4jlosses.plan.oneThreadBelow=0} leaves it alone; a
 * backend without it (CUDA) is left alone as well.
 */
final class SmallOpThreads {
    /**
     * Elements per thread of a replayed call's ops (libnd4j gives an op about one thread per this many elements):
     * 2^18, so a {@code [512,512]} matrix and anything smaller is one thread's.
     */
    static final int ONE_THREAD_BELOW = Integer.getInteger("dl4jlosses.plan.oneThreadBelow", 1 << 18);

    private static int replaying;
    private static int elementwiseBefore;
    private static boolean raised;

    private SmallOpThreads() {
    }

    /** {@code call} with the threshold raised around it (nested and concurrent calls share one raise). */
    static <T> T around(Supplier<T> call) {
        enter();
        try {
            return call.get();
        } finally {
            exit();
        }
    }

    private static synchronized void enter() {
        if (replaying++ > 0 || ONE_THREAD_BELOW <= 0) {
            return;
        }
        try {
            Environment env = Nd4j.getEnvironment();
            elementwiseBefore = env.elementwiseThreshold();
            env.setElementwiseThreshold(Math.max(elementwiseBefore, ONE_THREAD_BELOW));
            raised = true;
        } catch (RuntimeException unsupported) {
            raised = false;                        // a backend whose environment has no such threshold
        }
    }

    private static synchronized void exit() {
        if (--replaying > 0 || !raised) {
            return;
        }
        Environment env = Nd4j.getEnvironment();
        env.setElementwiseThreshold(elementwiseBefore);
        raised = false;
    }
}
