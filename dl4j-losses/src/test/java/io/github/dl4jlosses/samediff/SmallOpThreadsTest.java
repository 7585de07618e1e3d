package io.github.dl4jlosses.samediff;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link SmallOpThreads}: libnd4j's element-wise threshold is raised inside a call and put back after it, also when the
 * call throws; a nested call shares the outer one's raise (the inner end does not put it back early); a threshold
 * already above the raise is kept.
 */
class SmallOpThreadsTest {
    private final Environment env = Nd4j.getEnvironment();
    private int before;

    @BeforeEach
    void remember() {
        before = env.elementwiseThreshold();
    }

    @AfterEach
    void restore() {
        env.setElementwiseThreshold(before);
    }

    @Test
    void raisedInsideAndPutBackAfter() {
        env.setElementwiseThreshold(1024);
        int inside = SmallOpThreads.around(env::elementwiseThreshold);
        assertEquals(SmallOpThreads.ONE_THREAD_BELOW, inside);
        assertEquals(1024, env.elementwiseThreshold());
    }

    @Test
    void putBackWhenTheCallThrows() {
        env.setElementwiseThreshold(2048);
        assertThrows(IllegalStateException.class, () -> SmallOpThreads.around(() -> {
            throw new IllegalStateException("a failing call");
        }));
        assertEquals(2048, env.elementwiseThreshold());
    }

    @Test
    void nestedCallsShareOneRaise() {
        env.setElementwiseThreshold(1024);
        int afterInner = SmallOpThreads.around(() -> {
            SmallOpThreads.around(() -> 0);
            return env.elementwiseThreshold();
        });
        assertEquals(SmallOpThreads.ONE_THREAD_BELOW, afterInner, "still raised after the inner call");
        assertEquals(1024, env.elementwiseThreshold());
    }

    @Test
    void aHigherThresholdIsKept() {
        int higher = SmallOpThreads.ONE_THREAD_BELOW * 4;
        env.setElementwiseThreshold(higher);
        assertEquals(higher, (int) SmallOpThreads.around(env::elementwiseThreshold));
        assertEquals(higher, env.elementwiseThreshold());
    }
}
