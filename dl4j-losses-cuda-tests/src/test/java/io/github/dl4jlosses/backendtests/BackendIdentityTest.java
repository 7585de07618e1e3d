package io.github.dl4jlosses.backendtests;

import io.github.dl4jlosses.backendtests.probe.BackendProbe;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite runs on the backend the build selected (surefire passes {@code dl4jlosses.expectedBackend}
 * = {@code ${nd4j.backend}}), so a CUDA build that silently fell back to the CPU cannot pass as a GPU run.
 */
class BackendIdentityTest {

    @Test
    void theActiveBackendIsTheOneTheBuildSelected() {
        BackendGate.assumeUsable();
        String expected = System.getProperty("dl4jlosses.expectedBackend",
                BackendProbe.cudaOnClasspath() ? BackendProbe.CUDA_BACKEND : BackendProbe.CPU_BACKEND);
        String backend = Nd4j.getBackend().getClass().getName();
        if (expected.startsWith("nd4j-cuda")) {
            assertTrue(Backends.isCuda(), "build selected " + expected + " but ND4J runs " + backend);
        } else {
            assertEquals(BackendProbe.CPU_BACKEND, expected, "unknown backend selected by the build");
            assertTrue(Backends.isCpu(), "build selected " + expected + " but ND4J runs " + backend);
        }
        // The backend computes: 2·(1+2+3) = 12 in every data type the suite replays in.
        for (DataType t : ReplayCases.backendTypes()) {
            assertEquals(12.0, Nd4j.createFromArray(1.0, 2.0, 3.0).castTo(t).mul(2).sumNumber().doubleValue(), 1e-3, t.name());
        }
    }
}
