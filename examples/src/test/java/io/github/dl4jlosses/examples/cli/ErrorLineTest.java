package io.github.dl4jlosses.examples.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one line a failure prints, whatever the exception carries. */
class ErrorLineTest {
    @Test
    void fileExceptionsWithoutAReasonSayWhatHappened() {
        assertEquals("error: no such file or folder: /data/x", ErrorLine.of(new NoSuchFileException("/data/x")));
        assertEquals("error: permission denied: /data/x", ErrorLine.of(new AccessDeniedException("/data/x")));
        assertEquals("error: /data/x: LFW image folder not found",
                ErrorLine.of(new NoSuchFileException("/data/x", null, "LFW image folder not found")), "a reason is kept");
    }

    @Test
    void multiLineMessagesBecomeOneLine() {
        assertEquals("error: Op failed: shapes [2, 3] and [3, 4]",
                ErrorLine.of(new IllegalStateException("Op failed:\n  shapes [2, 3]\r\n and [3, 4]\n")));
    }

    @Test
    void anExceptionWithoutMessageNamesItsTypeAndWhereItWasThrown() {
        String line = ErrorLine.of(new NullPointerException());
        assertTrue(line.startsWith("error: java.lang.NullPointerException at " + ErrorLineTest.class.getName()), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void outOfMemoryPointsToTheBatchSizeAndHeap() {
        String line = ErrorLine.of(new OutOfMemoryError("Java heap space"));
        assertEquals("error: out of memory (Java heap space); try smaller batches (-P, -K) or a larger -Xmx", line);
    }
}
