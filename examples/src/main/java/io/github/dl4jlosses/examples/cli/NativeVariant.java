package io.github.dl4jlosses.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Which of the bundled ND4J natives the tool loads. On linux-x86_64 the tool carries ND4J's oneDNN natives for AVX2
 * beside the generic ones, because with them DL4J's convolution layers run oneDNN (see the library's
 * {@code OneDnnLayers}): the trainer's CNN step takes 0.2–0.3× the time. JavaCPP would load a variant it finds on
 * the class path without checking the CPU, and an AVX2 build dies with SIGILL on a CPU without AVX2/FMA; so the
 * choice is made here, from /proc/cpuinfo, before ND4J loads anything. A JVM started with
 * {@code -Dorg.bytedeco.javacpp.platform.extension=...} keeps its own choice.
 */
public final class NativeVariant {
    /** JavaCPP's variant switch: "" the generic natives, "-onednn-avx2" the oneDNN AVX2 build. */
    public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
    public static final String ONEDNN_AVX2 = "-onednn-avx2";
    /** A file of the oneDNN AVX2 natives' jar, present when the build bundled it (linux-x86_64 only). */
    static final String ONEDNN_AVX2_LIBRARY =
            "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libjnind4jcpu.so";

    private NativeVariant() {
    }

    /** Sets {@value #PROPERTY} unless already set; returns the variant in effect. */
    public static synchronized String choose() {
        String set = System.getProperty(PROPERTY);
        if (set != null) return set;
        boolean bundled = NativeVariant.class.getClassLoader().getResource(ONEDNN_AVX2_LIBRARY) != null;
        String variant = bundled && cpuFlags(Paths.get("/proc/cpuinfo")).containsAll(Set.of("avx2", "fma")) ? ONEDNN_AVX2 : "";
        System.setProperty(PROPERTY, variant);
        return variant;
    }

    /** The first processor's flags in a /proc/cpuinfo file; empty when there is none (not Linux). */
    static Set<String> cpuFlags(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("flags")) {
                    return new HashSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no cpuinfo: the generic natives
        }
        return Set.of();
    }
}
