package io.github.dl4jlosses.examples.tool;

import io.github.dl4jlosses.examples.ProcessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged tool (failsafe, after {@code package}): the shaded jar and the launcher start, report the pom's
 * version, fail with one line and the documented exit code, and the jar holds this platform's ND4J natives only
 * with ND4J's backend service file intact.
 */
class ToolJarIT {
    private static final Path JAR = Paths.get(System.getProperty("tool.jar"));
    private static final Path LAUNCHER = Paths.get(System.getProperty("tool.launcher"));
    private static final String VERSION = System.getProperty("project.version");
    private static final String PLATFORM = System.getProperty("javacpp.platform");

    @TempDir
    Path tmp;

    private ProcessRun jar(String... args) throws IOException, InterruptedException {
        List<String> command = ProcessRun.java("-jar", JAR.toString());
        Collections.addAll(command, args);
        return ProcessRun.of(tmp, command);
    }

    @Test
    void jarPrintsThePomVersion() throws Exception {
        ProcessRun r = jar("--version");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.startsWith("dl4j-losses " + VERSION + " "), r.out);
        assertEquals("", r.err);
    }

    @Test
    void jarLoadsNd4jAndFailsWithOneLineOnAFileThatIsNotAModel() throws Exception {
        Path notAModel = Files.writeString(tmp.resolve("notes.zip"), "not a zip");
        ProcessRun r = jar("evaluate", "--model", notAModel.toString(), "-o", tmp.resolve("out").toString());
        assertEquals(1, r.exitCode, r.err);
        List<String> lines = r.err.lines().collect(java.util.stream.Collectors.toList());
        assertEquals(1, lines.size(), r.err);
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains("notes.zip"), r.err);
    }

    @Test
    void jarExitsTwoOnAnUnknownOption() throws Exception {
        ProcessRun r = jar("train", "--bogus");
        assertEquals(2, r.exitCode, r.err);
        assertTrue(r.err.startsWith("error: Unknown option: '--bogus'"), r.err);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void launcherRunsTheJar() throws Exception {
        ProcessRun r = ProcessRun.of(tmp, List.of("sh", LAUNCHER.toString(), "--version"));
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.startsWith("dl4j-losses " + VERSION + " "), r.out);
        assertFalse(r.err.contains("building"), "the jar is up to date, so the launcher does not rebuild it: " + r.err);
    }

    /** The launcher lets idle native threads sleep (README, "Performance") unless the user set the variables. */
    @ParameterizedTest(name = "user set: {0}")
    @ValueSource(strings = {"", "OMP_WAIT_POLICY=ACTIVE OPENBLAS_THREAD_TIMEOUT=28"})
    @DisabledOnOs(OS.WINDOWS)
    void launcherSetsTheThreadWaitPoliciesUnlessGiven(String userSet) throws Exception {
        // a stand-in java that prints the two variables the launcher hands it
        Path java = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$OMP_WAIT_POLICY $OPENBLAS_THREAD_TIMEOUT\"\n");
        assertTrue(java.toFile().setExecutable(true));
        List<String> command = new ArrayList<>(List.of("env", "-u", "OMP_WAIT_POLICY", "-u", "OPENBLAS_THREAD_TIMEOUT",
                "JAVA_HOME=" + tmp.resolve("jdk")));
        if (!userSet.isEmpty()) {
            command.addAll(List.of(userSet.split(" ")));
        }
        command.addAll(List.of("sh", LAUNCHER.toString(), "--version"));
        ProcessRun r = ProcessRun.of(tmp, command);
        assertEquals(0, r.exitCode, r.err);
        assertEquals(userSet.isEmpty() ? "PASSIVE 4" : "ACTIVE 28", r.out.trim());
    }

    @Test
    void jarHoldsThisPlatformsNativesOnlyAndTheMergedBackendService() throws IOException {
        Pattern nativeDir = Pattern.compile("^(org/bytedeco/[^/]+|org/nd4j/linalg/cpu/nativecpu/bindings)/([^/]+)/[^/]+\\.(so[.0-9]*|dll|dylib)$");
        TreeSet<String> platforms = new TreeSet<>();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            for (ZipEntry e : entries) {
                Matcher m = nativeDir.matcher(e.getName());
                if (m.matches()) platforms.add(m.group(2));
                assertFalse(e.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"), "signature file " + e.getName());
            }
            // on linux-x86_64 the tool also carries ND4J's oneDNN AVX2 build (NativeVariant picks it on AVX2 CPUs)
            TreeSet<String> expected = new TreeSet<>(PLATFORM.equals("linux-x86_64")
                    ? List.of(PLATFORM, PLATFORM + "-onednn-avx2") : List.of(PLATFORM));
            assertEquals(expected, platforms, "ND4J/JavaCPP natives in the jar");
            String backends = new String(zip.getInputStream(zip.getEntry("META-INF/services/org.nd4j.linalg.factory.Nd4jBackend"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(backends.contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend"), backends);
        }
    }
}
