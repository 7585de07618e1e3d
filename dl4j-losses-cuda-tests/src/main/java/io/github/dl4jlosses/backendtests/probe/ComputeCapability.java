package io.github.dl4jlosses.backendtests.probe;

/**
 * The GPUs nd4j-cuda-11.6 1.0.0-M2.1 can run on: its kernels are compiled for compute capability
 * {@value #MIN_MAJOR}.{@value #MIN_MINOR} to {@value #MAX_MAJOR}.{@value #MAX_MINOR} and it ships no PTX,
 * so a newer GPU (e.g. Hopper, 9.0) has no kernel to run and an older one is below CUDA 11.6's floor.
 */
public final class ComputeCapability {
    public static final int MIN_MAJOR = 3;
    public static final int MIN_MINOR = 7;
    public static final int MAX_MAJOR = 8;
    public static final int MAX_MINOR = 6;

    private ComputeCapability() {
    }

    /** Null when device {@code index} ({@code name}, capability major.minor) is supported, else why not. */
    public static String unsupportedReason(int index, String name, int major, int minor) {
        int cc = major * 10 + minor;
        String device = String.format("device %d (%s) has compute capability %d.%d", index, name, major, minor);
        if (cc > MAX_MAJOR * 10 + MAX_MINOR) {
            return device + ", above " + MAX_MAJOR + "." + MAX_MINOR + ": nd4j-cuda-11.6 1.0.0-M2.1 ships kernels for"
                    + " compute capability 3.7-8.6 only and no PTX, so it cannot run on this GPU"
                    + " (Hopper/sm_90 and newer are unsupported)";
        }
        if (cc < MIN_MAJOR * 10 + MIN_MINOR) {
            return device + ", below " + MIN_MAJOR + "." + MIN_MINOR + ": nd4j-cuda-11.6 1.0.0-M2.1 ships kernels for"
                    + " compute capability 3.7-8.6 only";
        }
        return null;
    }
}
