package io.github.dl4jlosses.samediff;

import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Supplier;

/**
 * Runs a small {@link GraphPlan}'s call on one of libnd4j's threads: while such a plan replays, the number of threads
 * libnd4j splits an op over ({@code Environment.maxMasterThreads}) is 1, and the last replay to end puts back what was
 * there. A plan is small when each of its arrays holds fewer than {@link #ONE_THREAD_BELOW} elements. (In ND4J
 * 1.0.0-M2.1 {@code setMaxThreads} changes nothing; {@code setMaxMasterThreads} takes any count up to {@code
 * maxThreads}.)
 * <p>
 * Why: a replayed twin is a row of small ops (a tuple twin at 512×128: 20-odd ops on {@code [512,128]} arrays), and
 * libnd4j hands each to its threads; with {@code OMP_WAIT_POLICY=PASSIVE} the second thread sleeps between ops, and
 * waking it costs more than it saves on arrays this small. Session 42, the 2-core VM, one JVM, calls alternately with
 * two threads and with one (61 pairs, geometric means of the paired ratios): at 512×128 contrastive 0.66, triplet 0.64,
 * multi-sample triplet 0.65, batch hard 0.80, InfoNCE 0.85, N-pair 0.88, generalized triplet 0.86, multi-similarity
 * 0.99; at 1024×512 (arrays of 2^19 to 2^21 elements) one thread was slower for most (1.03–1.16).
 * <p>
 * The count is process-wide: ops that other threads run during a replay run on one thread too (same results; only
 * their speed differs), as in a {@code ParallelWrapper} whose workers train at once. {@code
 * -Ddl4jlosses.plan.oneThreadBelow=0} keeps every plan on libnd4j's threads, another value sets the size; a backend
 * without this count (CUDA) is left alone.
 */
final class SmallOpThreads {
    /** The system property that sets {@link #ONE_THREAD_BELOW}. */
    static final String PROPERTY = "dl4jlosses.plan.oneThreadBelow";

    /**
     * Elements every array of a plan whose calls run on one thread stays below: 2^19, so at 512×128 the twins whose
     * arrays are {@code [B, k·D]} rows and {@code [B,B]} matrices (not batch all's {@code [B,B,B]}), and none at
     * 1024×512, where a single {@code [B,D]} array is 2^19 (its score-only graphs too).
     */
    static final long ONE_THREAD_BELOW = limit(System.getProperty(PROPERTY));

    private static int replaying;
    private static int threadsBefore;
    private static boolean lowered;

    private SmallOpThreads() {
    }

    /** The size given as {@link #PROPERTY} (elements, 0 or less for none), or 2^19 where none is given. */
    static long limit(String property) {
        if (property == null || property.isBlank()) {
            return 1L << 19;
        }
        try {
            return Long.parseLong(property.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(
                    "-D%s: expected a whole number of elements (0 to keep every replayed call on libnd4j's threads), "
                            + "got \"%s\"", PROPERTY, property), e);
        }
    }

    /** Whether a plan whose largest array holds {@code elements} runs its calls on one thread. */
    static boolean oneThreadFor(long elements) {
        return elements < ONE_THREAD_BELOW;
    }

    /** {@code call} on one thread (nested and concurrent calls share one lowering). */
    static <T> T around(Supplier<T> call) {
        enter();
        try {
            return call.get();
        } finally {
            exit();
        }
    }

    private static synchronized void enter() {
        if (replaying++ > 0) {
            return;
        }
        try {
            Environment env = Nd4j.getEnvironment();
            threadsBefore = env.maxMasterThreads();
            env.setMaxMasterThreads(1);
            lowered = true;
        } catch (RuntimeException unsupported) {
            lowered = false;                       // a backend whose environment has no such count
        }
    }

    private static synchronized void exit() {
        if (--replaying > 0 || !lowered) {
            return;
        }
        Environment env = Nd4j.getEnvironment();
        env.setMaxMasterThreads(threadsBefore);
        lowered = false;
    }
}
