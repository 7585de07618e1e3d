package io.github.dl4jlosses.samediff;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link SmallOpThreads}: libnd4j's thread count is 1 inside a call and put back after it, also when the call throws;
 * a nested call shares the outer one's lowering (the inner end does not put it back early); which plans are small, and
 * the size from its system property (a clear message for one that is no number).
 * The default test run has one OpenMP thread (the parent POM), where there is nothing to lower: the surefire execution
 * {@code two-threads} runs these with two.
 */
class SmallOpThreadsTest {
    private final Environment env = Nd4j.getEnvironment();
    private int before;

    @BeforeEach
    void remember() {
        before = env.maxMasterThreads();
    }

    @AfterEach
    void restore() {
        env.setMaxMasterThreads(before);
    }

    private void assumeTwoThreads() {
        assumeTrue(before >= 2, "libnd4j has " + before + " thread(s) here: the two-threads execution runs this");
    }

    @Test
    void oneThreadInsideAndPutBackAfter() {
        assumeTwoThreads();
        assertEquals(1, (int) SmallOpThreads.around(env::maxMasterThreads));
        assertEquals(before, env.maxMasterThreads(), "put back after the call");
    }

    @Test
    void putBackWhenTheCallThrows() {
        assumeTwoThreads();
        assertThrows(IllegalStateException.class, () -> SmallOpThreads.around(() -> {
            throw new IllegalStateException("a failing call");
        }));
        assertEquals(before, env.maxMasterThreads(), "put back after a call that threw");
    }

    @Test
    void nestedCallsShareOneLowering() {
        assumeTwoThreads();
        int afterInner = SmallOpThreads.around(() -> {
            SmallOpThreads.around(() -> 0);
            return env.maxMasterThreads();
        });
        assertEquals(1, afterInner, "still one thread after the inner call");
        assertEquals(before, env.maxMasterThreads(), "put back after the outer call");
    }

    @Test
    void theSizeComesFromTheSystemPropertyOrIs2To19() {
        assertEquals(1L << 19, SmallOpThreads.limit(null));
        assertEquals(1L << 19, SmallOpThreads.limit(" "));
        assertEquals(0L, SmallOpThreads.limit("0"));
        assertEquals(65536L, SmallOpThreads.limit(" 65536 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SmallOpThreads.limit("2^19"));
        assertTrue(e.getMessage().contains("-Ddl4jlosses.plan.oneThreadBelow") && e.getMessage().contains("\"2^19\""),
                e.getMessage());
    }

    @Test
    void smallPlansAreThoseBelowTheLimit() {
        assertTrue(SmallOpThreads.oneThreadFor(512 * 5 * 128), "the multi-sample twin's gradient at 512×128");
        assertTrue(SmallOpThreads.oneThreadFor(SmallOpThreads.ONE_THREAD_BELOW - 1));
        assertFalse(SmallOpThreads.oneThreadFor(SmallOpThreads.ONE_THREAD_BELOW));
        assertFalse(SmallOpThreads.oneThreadFor(1024 * 512), "a [B,D] array at 1024×512 (a score-only graph's)");
        assertFalse(SmallOpThreads.oneThreadFor(1024 * 2 * 512), "the contrastive twin's gradient at 1024×512");
    }
}
