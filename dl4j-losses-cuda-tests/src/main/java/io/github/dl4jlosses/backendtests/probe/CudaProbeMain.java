package io.github.dl4jlosses.backendtests.probe;

import java.lang.reflect.Method;

/**
 * Runs in a child JVM (see {@link BackendProbe}) and prints one line, {@code DL4JLOSSES-PROBE OK <device>}
 * or {@code DL4JLOSSES-PROBE SKIP <reason>}: it loads the CUDA runtime through JavaCPP's bindings, counts
 * the devices, checks every device's compute capability against what nd4j-cuda-11.6 supports, and only
 * then lets ND4J load its CUDA backend and run a first operation. If any step kills this JVM, the
 * parent reports the exit instead. The bindings are called by reflection so this module also compiles
 * without them (the CPU build downloads nothing CUDA).
 */
public final class CudaProbeMain {
    static final String PREFIX = "DL4JLOSSES-PROBE ";

    private CudaProbeMain() {
    }

    public static void main(String[] args) {
        String line;
        try {
            line = probe();
        } catch (Throwable t) {
            line = "SKIP " + t.getClass().getSimpleName() + " while probing CUDA: " + oneLine(t);
        }
        System.out.println(PREFIX + line);
        System.out.flush();
        System.exit(0);
    }

    private static String probe() throws Exception {
        Class<?> cudart;
        try {
            cudart = Class.forName("org.bytedeco.cuda.global.cudart");
            Class.forName("org.bytedeco.javacpp.Loader").getMethod("load", Class.class).invoke(null, cudart);
        } catch (Throwable t) {
            String why = oneLine(t);
            if (why.contains("libcuda.so") || why.contains("nvcuda.dll")) {
                return "SKIP no NVIDIA driver: the CUDA bindings cannot load the driver library (" + why + ")";
            }
            return "SKIP the CUDA 11.6 runtime could not be loaded (" + why + "): install the CUDA 11.6"
                    + " toolkit (cudart, cuBLAS, cuSOLVER) or build with -Pcuda,cuda-redist";
        }
        int driver = intOut(cudart, "cudaDriverGetVersion");
        int runtime = intOut(cudart, "cudaRuntimeGetVersion");
        int[] count = new int[1];
        int err = (Integer) cudart.getMethod("cudaGetDeviceCount", int[].class).invoke(null, (Object) count);
        if (err != 0) {
            return "SKIP no usable CUDA device: cudaGetDeviceCount returned " + errorName(cudart, err)
                    + " (driver supports CUDA " + version(driver) + ", runtime " + version(runtime) + ")";
        }
        if (count[0] == 0) {
            return "SKIP no CUDA device: the driver (CUDA " + version(driver) + ") reports 0 devices";
        }
        Class<?> propClass = Class.forName("org.bytedeco.cuda.cudart.cudaDeviceProp");
        Method getProps = cudart.getMethod("cudaGetDeviceProperties", propClass, int.class);
        StringBuilder devices = new StringBuilder();
        for (int i = 0; i < count[0]; i++) {
            Object prop = propClass.getConstructor().newInstance();
            int e = (Integer) getProps.invoke(null, prop, i);
            if (e != 0) {
                return "SKIP cudaGetDeviceProperties(" + i + ") returned " + errorName(cudart, e);
            }
            Object namePtr = propClass.getMethod("name").invoke(prop);
            String name = (String) namePtr.getClass().getMethod("getString").invoke(namePtr);
            int major = (Integer) propClass.getMethod("major").invoke(prop);
            int minor = (Integer) propClass.getMethod("minor").invoke(prop);
            String unsupported = ComputeCapability.unsupportedReason(i, name, major, minor);
            if (unsupported != null) {
                return "SKIP " + unsupported + (count[0] > 1 ? " (hide it with CUDA_VISIBLE_DEVICES)" : "");
            }
            devices.append(i == 0 ? "" : ", ").append(name).append(" (compute capability ")
                    .append(major).append('.').append(minor).append(')');
        }
        String smoke = nd4jSmokeTest();
        if (smoke != null) {
            return "SKIP ND4J's CUDA backend failed its first operation on " + devices + ": " + smoke;
        }
        return "OK " + devices + "; driver CUDA " + version(driver) + ", runtime " + version(runtime);
    }

    /** Null if ND4J computes 2·(1+2+3) = 12 on the GPU in DOUBLE and FLOAT, else what went wrong. */
    private static String nd4jSmokeTest() {
        try {
            Class<?> nd4j = Class.forName("org.nd4j.linalg.factory.Nd4j");
            Object backend = nd4j.getMethod("getBackend").invoke(null);
            if (!backend.getClass().getName().contains("jcublas")) {
                return "ND4J picked " + backend.getClass().getName() + " instead of the CUDA backend";
            }
            for (String type : new String[]{"DOUBLE", "FLOAT"}) {
                Object dt = Enum.valueOf(Class.forName("org.nd4j.linalg.api.buffer.DataType").asSubclass(Enum.class), type);
                Object arr = nd4j.getMethod("createFromArray", double[].class).invoke(null, (Object) new double[]{1, 2, 3});
                arr = arr.getClass().getMethod("castTo", dt.getClass()).invoke(arr, dt);
                arr = arr.getClass().getMethod("mul", Number.class).invoke(arr, 2);
                Number sum = (Number) arr.getClass().getMethod("sumNumber").invoke(arr);
                if (Math.abs(sum.doubleValue() - 12) > 1e-6) {
                    return "2·(1+2+3) in " + type + " gave " + sum;
                }
            }
            return null;
        } catch (Throwable t) {
            return oneLine(t);
        }
    }

    private static int intOut(Class<?> cudart, String method) throws Exception {
        int[] v = new int[1];
        cudart.getMethod(method, int[].class).invoke(null, (Object) v);
        return v[0];
    }

    private static String errorName(Class<?> cudart, int err) {
        try {
            Object p = cudart.getMethod("cudaGetErrorName", int.class).invoke(null, err);
            Object s = cudart.getMethod("cudaGetErrorString", int.class).invoke(null, err);
            return p.getClass().getMethod("getString").invoke(p) + " (" + s.getClass().getMethod("getString").invoke(s) + ")";
        } catch (Exception e) {
            return "error " + err;
        }
    }

    private static String version(int v) {
        return v == 0 ? "none" : (v / 1000) + "." + (v % 1000) / 10;
    }

    static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getClass().getName() + ": " + root.getMessage();
        return msg.replace('\n', ' ').replace('\r', ' ');
    }
}
