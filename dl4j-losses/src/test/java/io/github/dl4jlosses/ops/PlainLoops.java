package io.github.dl4jlosses.ops;

/**
 * The tests' switch between {@link VectorRows}' two kernels of the host passes (see
 * {@code testutil.HostKernels}): the plain loops, which a JVM without the Vector API module runs, and the vector kernel.
 */
public final class PlainLoops {
    private PlainLoops() {
    }

    /** Plain loops ({@code true}) or the vector kernel where it loaded. */
    public static void use(boolean plain) {
        VectorRows.usePlainLoops(plain);
    }

    public static boolean inUse() {
        return VectorRows.usesPlainLoops();
    }
}
