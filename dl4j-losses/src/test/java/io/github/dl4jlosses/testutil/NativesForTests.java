package io.github.dl4jlosses.testutil;

import org.junit.jupiter.api.extension.Extension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a test JVM on ND4J's oneDNN AVX2 natives when its surefire execution asks for them ({@value #REQUEST} =
 * {@code onednn-avx2}, the {@code onednn-natives} execution of this module's pom) and the CPU has AVX2 and FMA: JavaCPP
 * would load that build without checking the CPU, and it dies with SIGILL on one without. Registered through
 * META-INF/services and junit-platform.properties (extension autodetection), so JUnit loads it when the engine
 * starts, before any test touches ND4J. Without the request it names the generic natives.
 */
public final class NativesForTests implements Extension {
    /** The system property a surefire execution sets to ask for a natives variant. */
    public static final String REQUEST = "dl4jlosses.test.natives";
    /** JavaCPP's variant switch. */
    public static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";

    /** Whether this JVM's execution asked for the oneDNN natives and the CPU can run them (read once). */
    private static final boolean ONEDNN = "onednn-avx2".equals(System.getProperty(REQUEST)) && cpuHasAvx2AndFma();

    static {
        if (System.getProperty(JAVACPP_EXTENSION) == null) {
            if ("onednn-avx2".equals(System.getProperty(REQUEST)) && !ONEDNN) {
                System.err.println("NativesForTests: oneDNN AVX2 natives asked for, but this CPU lacks AVX2/FMA;"
                        + " the tests run on the generic natives");
            }
            // "" is the generic build; set explicitly, since JavaCPP loads the oneDNN build whenever its jar is on the
            // class path (it is, for both executions) and no variant is named
            System.setProperty(JAVACPP_EXTENSION, ONEDNN ? "-onednn-avx2" : "");
        }
    }

    /** Whether the oneDNN natives were asked for and this CPU can run them. */
    public static boolean oneDnnRequestedAndRunnable() {
        return ONEDNN;
    }

    private static boolean cpuHasAvx2AndFma() {
        try (Stream<String> lines = Files.lines(Paths.get("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                    .map(flags -> flags.containsAll(List.of("avx2", "fma"))).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;    // no /proc/cpuinfo (not Linux): the generic natives
        }
    }
}
