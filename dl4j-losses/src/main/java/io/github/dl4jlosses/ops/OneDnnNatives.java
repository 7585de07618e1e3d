package io.github.dl4jlosses.ops;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.lang.reflect.Method;

/**
 * Whether ND4J runs on CPU natives built with oneDNN ({@code nd4j-native} classifier {@code linux-x86_64-onednn-avx2}
 * or {@code -onednn-avx512}) and libnd4j has not been told to leave oneDNN alone. Where it does, some libnd4j ops run
 * oneDNN's kernels when their input qualifies (DL4J's layer helpers, see {@code graph.OneDnnLayers}; the row softmax,
 * see {@code mining.RowSoftmax}).
 */
public final class OneDnnNatives {
    private static volatile Boolean built;
    /** {@code Environment.getInstance} and {@code isUseONEDNN} of the CPU bindings, once found. */
    private static volatile Method[] environment;
    /** Whether the CPU has AVX-512, once asked. */
    private static volatile Boolean avx512;

    private OneDnnNatives() {
    }

    /** True when the natives have oneDNN ({@code HAVE_ONEDNN} in their build information) and libnd4j uses it. */
    public static boolean inUse() {
        Boolean known = built;
        if (known == null) {
            known = probeBuild();
            built = known;
        }
        return known && switchedOn();
    }

    /**
     * Whether the CPU has AVX-512 (F, CD, BW, DQ and VL: libnd4j's {@code optimalLevel()} 3, read by its own CPU check
     * whatever the natives were built for). There oneDNN 2.3 runs its vectorised {@code jit:avx512_core} kernels on the
     * plain NCHW layout too, where on an AVX2 CPU it falls back to its generic {@code simple_nchw} pooling.
     */
    public static boolean avx512Cpu() {
        Boolean known = avx512;
        if (known == null) {
            try {
                known = NativeOpsHolder.getInstance().getDeviceNativeOps().optimalLevel() >= 3;
            } catch (RuntimeException | LinkageError e) {
                known = false;    // no usable backend
            }
            avx512 = known;
        }
        return known;
    }

    private static boolean probeBuild() {
        try {
            String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
            return "CPU".equalsIgnoreCase(backend)
                    && NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
        } catch (RuntimeException | LinkageError e) {
            return false;    // no usable backend
        }
    }

    /**
     * libnd4j's own runtime switch ({@code Environment.setUseONEDNN}), read by reflection since the CPU bindings are
     * not a compile dependency; it can change at any time, so it is read on every call (the methods are looked up once).
     */
    private static boolean switchedOn() {
        try {
            Method[] m = environment;
            if (m == null) {
                Class<?> env = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                m = new Method[]{env.getMethod("getInstance"), env.getMethod("isUseONEDNN")};
                environment = m;
            }
            return (boolean) m[1].invoke(m[0].invoke(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return true;
        }
    }
}
