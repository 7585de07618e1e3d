package io.github.dl4jlosses.backendtests;

import io.github.dl4jlosses.backendtests.probe.BackendProbe;
import io.github.dl4jlosses.backendtests.probe.ProbeResult;
import org.junit.jupiter.api.Assumptions;

/**
 * First line of every test that touches ND4J: skips (JUnit assumption, with the precise reason) when
 * the backend on the classpath cannot run here, before ND4J is loaded in this JVM; otherwise says once
 * which backend and device the suite runs on.
 */
final class BackendGate {
    private static final String TAG = "[dl4j-losses-cuda-tests] ";
    private static boolean announced;

    private BackendGate() {
    }

    static void assumeUsable() {
        ProbeResult r = BackendProbe.result();
        announce(r);
        Assumptions.assumeTrue(r.isUsable(), () -> r.backend() + " cannot run here: " + r.detail());
    }

    /** For checks defined on the CPU backend only (the goldens' freshness). */
    static void assumeCpu(String check) {
        assumeUsable();
        Assumptions.assumeTrue(Backends.isCpu(), () -> check + " runs on the CPU backend, which defines the goldens;"
                + " active: " + Backends.describe());
    }

    private static synchronized void announce(ProbeResult r) {
        if (announced) {
            return;
        }
        announced = true;
        if (r.isUsable()) {
            System.out.println(TAG + "running on " + r.backend() + ": " + Backends.describe()
                    + (BackendProbe.cudaOnClasspath() ? " [probe: " + r.detail() + "]" : ""));
        } else {
            System.out.println(TAG + "SKIPPING all backend tests: " + r.backend() + " cannot run here: " + r.detail());
        }
    }
}
