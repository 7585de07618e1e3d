package io.github.dl4jlosses.backendtests.probe;

/** Verdict of {@link BackendProbe}: whether the backend on the classpath can run, and if not, exactly why. */
public final class ProbeResult {
    private final boolean usable;
    private final String backend;
    private final String detail;

    private ProbeResult(boolean usable, String backend, String detail) {
        this.usable = usable;
        this.backend = backend;
        this.detail = detail;
    }

    /** The backend can run; {@code detail} describes it (device, compute capability). */
    public static ProbeResult usable(String backend, String detail) {
        return new ProbeResult(true, backend, detail);
    }

    /** The backend cannot run; {@code reason} says why, precisely enough to act on. */
    public static ProbeResult unusable(String backend, String reason) {
        return new ProbeResult(false, backend, reason);
    }

    public boolean isUsable() {
        return usable;
    }

    /** {@code nd4j-native} or {@code nd4j-cuda-11.6}. */
    public String backend() {
        return backend;
    }

    /** For a usable backend what was found; otherwise the reason it cannot run. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return backend + (usable ? " usable: " : " NOT usable: ") + detail;
    }
}
