package io.github.dl4jlosses.backendtests;

import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Which ND4J backend is running, in words, and on CUDA which device. Touches ND4J: call it only once the backend is known to load. */
public final class Backends {
    private Backends() {
    }

    /** True when the active backend is ND4J's CPU backend. */
    public static boolean isCpu() {
        return Nd4j.getBackend().getClass().getName().contains(".cpu.");
    }

    /** True when the active backend is ND4J's CUDA backend. */
    public static boolean isCuda() {
        return Nd4j.getBackend().getClass().getName().contains(".jcublas.");
    }

    /** Free memory of CUDA device 0 in bytes as the driver reports it, or -1 on another backend. */
    public static long cudaFreeMemory() {
        if (!isCuda()) {
            return -1;
        }
        Object devices = Nd4j.getExecutioner().getEnvironmentInformation().get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY);
        if (devices instanceof List && !((List<?>) devices).isEmpty() && ((List<?>) devices).get(0) instanceof Map) {
            Object free = ((Map<?, ?>) ((List<?>) devices).get(0)).get(Nd4jEnvironment.CUDA_FREE_MEMORY_KEY);
            if (free instanceof Number) {
                return ((Number) free).longValue();
            }
        }
        return -1;
    }

    /** E.g. {@code CpuBackend} or {@code JCublasBackend on NVIDIA A100-SXM4-40GB (compute capability 8.0)}. */
    public static String describe() {
        String name = Nd4j.getBackend().getClass().getSimpleName();
        if (!isCuda()) {
            return name;
        }
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        Object devices = env.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY);
        StringBuilder sb = new StringBuilder(name).append(" on");
        if (devices instanceof List) {
            for (Object o : (List<?>) devices) {
                if (o instanceof Map) {
                    Map<?, ?> d = (Map<?, ?>) o;
                    sb.append(' ').append(d.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY))
                            .append(" (compute capability ").append(d.get(Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY))
                            .append('.').append(d.get(Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY)).append(')');
                }
            }
        } else {
            sb.append(" an unreported device");
        }
        return sb.toString();
    }
}
