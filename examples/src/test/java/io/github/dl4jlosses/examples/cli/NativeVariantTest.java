package io.github.dl4jlosses.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeVariantTest {

    @Test
    void readsTheFirstProcessorsFlags(@TempDir Path dir) throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: X\nflags\t\t: fpu sse2 avx avx2 fma\n\n"
                + "processor\t: 1\nflags\t\t: fpu\n");
        assertEquals(Set.of("fpu", "sse2", "avx", "avx2", "fma"), NativeVariant.cpuFlags(cpuinfo));
    }

    @Test
    void noCpuinfoMeansNoFlags(@TempDir Path dir) {
        assertTrue(NativeVariant.cpuFlags(dir.resolve("missing")).isEmpty());
    }

    @Test
    void aChoiceAlreadyMadeIsKept() {
        // the test JVM chose at start-up (NativesForTests); choosing again must not change it
        String before = System.getProperty(NativeVariant.PROPERTY);
        assertEquals(before, NativeVariant.choose());
        assertEquals(before, System.getProperty(NativeVariant.PROPERTY));
    }
}
