package io.github.dl4jlosses.loss;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue item 5: {@link TripletMining#ALL} at B = 2048, D = 128 (FLOAT) computes its score and gradient in a
 * child JVM started with {@code -Dorg.bytedeco.javacpp.maxbytes=1G -Dorg.bytedeco.javacpp.maxphysicalbytes=2G}
 * and a 512 MiB heap, and grows the process's resident memory by at most 1 GiB while doing so. A
 * {@code [B,B,B]} tensor would be 32 GiB, so passing shows that memory grows as O(B²), not O(B³).
 * <p>
 * In ND4J 1.0.0-M2.1 the {@code maxbytes} cap does not see ND4J's natively allocated arrays (see
 * {@link AllMiningMemoryProbe}); the binding limits are {@code maxphysicalbytes} (resident memory, checked by
 * JavaCPP whenever ND4J allocates a pointer to run an op) and the measured growth asserted here.
 */
class AllMiningMemoryTest {
    private static final long GIB = 1L << 30;

    @Test
    void allMiningAtBatch2048RunsUnderAOneGibOffHeapCap() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx512m");
        command.add("-Dorg.bytedeco.javacpp.maxbytes=1G");
        command.add("-Dorg.bytedeco.javacpp.maxphysicalbytes=2G");
        command.add("-cp");
        command.add(classPath);
        command.add(AllMiningMemoryProbe.class.getName());
        command.add("2048");
        command.add("128");
        command.add("64");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();

        Map<String, String> values = new HashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0 && !line.contains(" ")) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "probe did not finish:\n" + output);
        assertEquals(0, child.exitValue(), "probe failed under the 1 GiB off-heap cap:\n" + output);

        assertEquals(GIB, Long.parseLong(values.get("maxBytes")), "the cap must really be set:\n" + output);
        assertEquals(2 * GIB, Long.parseLong(values.get("maxPhysicalBytes")), output.toString());
        double score = Double.parseDouble(values.get("score"));
        assertTrue(Double.isFinite(score) && score > 0, "a positive, finite score:\n" + output);
        assertEquals("true", values.get("finite"), output.toString());
        assertTrue(Double.parseDouble(values.get("gradientNorm")) > 0, output.toString());
        long baseline = Long.parseLong(values.get("baselinePhysicalBytes"));
        long peak = Long.parseLong(values.get("peakPhysicalBytes"));
        long growth = peak - baseline;
        assertTrue(peak > 0 && growth <= GIB, "resident memory grew by " + growth / (1 << 20) + " MiB:\n" + output);
        System.out.println("TripletMining.ALL at B=2048, D=128 (FLOAT): score=" + score + ", resident memory "
                + baseline / (1 << 20) + " MiB -> peak " + peak / (1 << 20) + " MiB (+" + growth / (1 << 20)
                + " MiB), " + values.get("millis") + " ms"
                + output.toString().lines().filter(l -> l.startsWith("VmHWM")).map(l -> "; kernel peak " + l).findFirst().orElse(""));
    }
}
