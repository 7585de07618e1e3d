package io.github.dl4jlosses.ops;

import io.github.dl4jlosses.testutil.NativesForTests;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each surefire execution of this module runs on the natives it asks for: the default one on the generic natives,
 * {@code onednn-natives} (linux-x86_64) on ND4J's oneDNN AVX2 build where the CPU can run it
 * ({@link NativesForTests}).
 */
class NativesInUseTest {

    @Test
    void theDefaultExecutionRunsOnTheGenericNatives() {
        assumeTrue(System.getProperty(NativesForTests.REQUEST) == null, "this execution asked for other natives");
        Nd4j.getBackend();
        assertFalse(OneDnnNatives.inUse(), "oneDNN natives in the default execution");
    }

    @Test
    void theOneDnnExecutionRunsOnTheOneDnnNatives() {
        assumeTrue(NativesForTests.oneDnnRequestedAndRunnable(),
                "the oneDNN natives were not asked for, or this CPU lacks AVX2/FMA");
        Nd4j.getBackend();
        assertTrue(OneDnnNatives.inUse(), "asked for the oneDNN natives, but ND4J reports no oneDNN");
    }
}
