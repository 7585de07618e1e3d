package io.github.dl4jlosses.backendtests.probe;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Looks for the NVIDIA driver on disk, without loading anything: its user-space library
 * ({@code libcuda.so.1} on Linux, {@code nvcuda.dll} on Windows). The CUDA runtime cannot start without
 * it, and loading ND4J's CUDA backend where it is missing is exactly what must not happen in-process.
 */
public final class NvidiaDriver {
    private static final List<String> LINUX_DIRS = Arrays.asList(
            "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/lib64",
            "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib", "/usr/lib/wsl/lib", "/usr/lib/aarch64-linux-gnu");

    private NvidiaDriver() {
    }

    /** Null when a driver library is present, else the precise reason there is no usable NVIDIA driver. */
    public static String missingReason() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return "no NVIDIA driver: macOS has no CUDA driver (and nd4j-cuda-11.6 has no macOS natives)";
        }
        if (os.contains("win")) {
            Path dll = Paths.get(System.getenv().getOrDefault("SystemRoot", "C:\\Windows"), "System32", "nvcuda.dll");
            return Files.exists(dll) ? null : "no NVIDIA driver: " + dll + " not found";
        }
        List<String> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(Arrays.asList(ld.split(File.pathSeparator)));
        }
        dirs.addAll(LINUX_DIRS);
        for (String d : dirs) {
            if (!d.isEmpty() && !d.contains("stubs") && Files.exists(Paths.get(d, "libcuda.so.1"))) {
                return null;
            }
        }
        if (ldconfigKnowsLibcuda()) {
            return null;
        }
        boolean kernelModule = Files.exists(Paths.get("/proc/driver/nvidia/version"));
        return "no NVIDIA driver: libcuda.so.1 (the driver's user-space library) is not in LD_LIBRARY_PATH,"
                + " the ldconfig cache or " + LINUX_DIRS
                + (kernelModule ? " (the nvidia kernel module is loaded: is the container missing the driver libraries?)"
                : ", and no nvidia kernel module is loaded (/proc/driver/nvidia/version absent)");
    }

    private static boolean ldconfigKnowsLibcuda() {
        for (String exe : new String[]{"/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"}) {
            try {
                Process p = new ProcessBuilder(exe, "-p").redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    continue;
                }
                for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
                    if (line.contains("libcuda.so.1") && !line.contains("stubs")) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                // try the next location of ldconfig
            }
        }
        return false;
    }
}
