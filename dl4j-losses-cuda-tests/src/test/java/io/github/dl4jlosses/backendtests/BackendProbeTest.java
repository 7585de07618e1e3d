package io.github.dl4jlosses.backendtests.probe;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe's decisions, without a GPU: compute-capability range and how a child's outcome is read. */
class BackendProbeTest {

    @Test
    void computeCapabilityRangeIs37To86() {
        assertNull(ComputeCapability.unsupportedReason(0, "Tesla K80", 3, 7));
        assertNull(ComputeCapability.unsupportedReason(0, "A100", 8, 0));
        assertNull(ComputeCapability.unsupportedReason(0, "RTX 3090", 8, 6));
        String hopper = ComputeCapability.unsupportedReason(1, "NVIDIA H100 PCIe", 9, 0);
        assertTrue(hopper.contains("device 1 (NVIDIA H100 PCIe) has compute capability 9.0, above 8.6"), hopper);
        assertTrue(hopper.contains("no PTX"), hopper);
        String ada = ComputeCapability.unsupportedReason(0, "RTX 4090", 8, 9);
        assertTrue(ada.contains("8.9, above 8.6"), ada);
        String kepler = ComputeCapability.unsupportedReason(0, "Tesla K20", 3, 5);
        assertTrue(kepler.contains("3.5, below 3.7"), kepler);
    }

    @Test
    void childVerdictsAreReadFromTheirLine() {
        ProbeResult ok = BackendProbe.interpret(0, "noise\nDL4JLOSSES-PROBE OK A100 (compute capability 8.0)\n", "");
        assertTrue(ok.isUsable());
        assertEquals("A100 (compute capability 8.0)", ok.detail());
        ProbeResult skip = BackendProbe.interpret(0, "DL4JLOSSES-PROBE SKIP no CUDA device: the driver reports 0 devices\n", "");
        assertFalse(skip.isUsable());
        assertEquals("no CUDA device: the driver reports 0 devices", skip.detail());
    }

    @Test
    void aCrashedChildIsAReasonNotACrash() {
        ProbeResult crash = BackendProbe.interpret(134, "", "# A fatal error has been detected by the Java Runtime\n# SIGSEGV\n");
        assertFalse(crash.isUsable());
        assertTrue(crash.detail().contains("exited with code 134 (killed by signal 6)"), crash.detail());
        assertTrue(crash.detail().contains("SIGSEGV"), crash.detail());
    }

    @Test
    void theCpuBackendNeedsNoProbe() {
        if (!BackendProbe.cudaOnClasspath()) {
            ProbeResult r = BackendProbe.result();
            assertTrue(r.isUsable(), r.toString());
            assertEquals(BackendProbe.CPU_BACKEND, r.backend());
        } else {
            // With CUDA on the classpath the verdict is either usable or carries a reason, never empty.
            ProbeResult r = BackendProbe.result();
            assertFalse(r.detail().isEmpty(), r.toString());
        }
    }
}
