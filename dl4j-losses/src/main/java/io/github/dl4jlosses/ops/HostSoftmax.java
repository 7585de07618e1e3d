package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Row-wise softmax of a FLOAT matrix on the host, vectorised by the JDK's Vector API, where the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (Java 17+) on an x86-64 CPU with 256- or 512-bit vectors. libnd4j's
 * generic natives take each exponential with glibc's scalar {@code expf}: 2–5 ms for a {@code [1024,1024]} matrix on
 * 2 cores, against 0.4–0.8 ms here (and PyTorch's ~0.5 ms). Elsewhere, and for other data types, views or the CUDA
 * backend, {@link #accepts} is false and the callers keep libnd4j's op.
 * <p>
 * Rows are split among the calling thread and the common fork-join pool; each row is computed by one thread, so the
 * result does not depend on the split. Nothing is allocated off-heap: the kernel reads and writes the arrays' buffers.
 * {@code -Ddl4jlosses.hostSoftmax=false} turns it off for the process, {@link #setEnabled} at run time (A/B runs).
 */
public final class HostSoftmax {
    private static final Logger log = LoggerFactory.getLogger(HostSoftmax.class);

    /** The vectorised row loop, {@code VectorSoftmaxKernel} in {@code src/main/java-vector} (Java 17). */
    interface Kernel {
        /** The width of the vectors the kernel computes with, in bits. */
        int vectorBits();

        /** {@code out}'s rows {@code [fromRow, toRow)} become the softmax of {@code in}'s (row-major, c columns). */
        void softmaxRows(FloatBuffer in, FloatBuffer out, int fromRow, int toRow, int columns);
    }

    static final String PROPERTY = "dl4jlosses.hostSoftmax";
    private static final String KERNEL_CLASS = "io.github.dl4jlosses.ops.VectorSoftmaxKernel";
    /** Fewer entries than this go to one thread: handing half of them to the pool costs more than it saves. */
    private static final long ENTRIES_PER_TASK = 1 << 15;

    private static final Kernel KERNEL = load();
    private static volatile boolean enabled = KERNEL != null;

    private HostSoftmax() {
    }

    /** Whether the vector kernel could be loaded in this JVM (module present, x86-64, 256-bit vectors or wider). */
    public static boolean available() {
        return KERNEL != null;
    }

    /** Whether {@link #accepts} may say yes: {@link #available} and not turned off. */
    public static boolean enabled() {
        return enabled;
    }

    /**
     * Turns the host softmax on or off for the process (it starts on where {@link #available}).
     *
     * @throws IllegalArgumentException to turn it on where it is not available
     */
    public static void setEnabled(boolean on) {
        if (on && KERNEL == null) {
            throw new IllegalArgumentException("the host softmax needs the JVM option --add-modules "
                    + "jdk.incubator.vector (Java 17+) on x86-64 with AVX2 or AVX-512; this JVM has " + describe());
        }
        enabled = on;
    }

    /**
     * Whether {@link #softmaxRows} takes {@code x}: enabled, a FLOAT matrix that is the whole of its buffer on the CPU
     * backend ({@link HostValues#wholeBufferOnHost}), with fewer than 2³¹ entries.
     */
    public static boolean accepts(INDArray x) {
        return enabled && x.rank() == 2 && x.dataType() == DataType.FLOAT && x.length() <= Integer.MAX_VALUE
                && HostValues.wholeBufferOnHost(x);
    }

    /**
     * Writes the row-wise softmax of {@code x} into {@code out} ({@code out} may be {@code x}).
     *
     * @throws IllegalArgumentException where {@link #accepts} refuses either array or their shapes differ
     */
    public static void softmaxRows(INDArray x, INDArray out) {
        if (!accepts(x) || !accepts(out) || !java.util.Arrays.equals(x.shape(), out.shape())) {
            throw new IllegalArgumentException("expected two FLOAT matrices of one shape, each the whole of its host "
                    + "buffer, with the host softmax enabled (" + enabled + "); got " + x.shapeInfoToString()
                    .replace('\n', ' ') + " and " + out.shapeInfoToString().replace('\n', ' '));
        }
        int rows = (int) x.rows();
        int columns = (int) x.columns();
        FloatBuffer in = floats(x);
        FloatBuffer to = x == out ? in : floats(out);
        int tasks = (int) Math.max(1, Math.min(ForkJoinPool.getCommonPoolParallelism() + 1L,
                Math.min(rows, x.length() / ENTRIES_PER_TASK)));
        if (tasks == 1) {
            KERNEL.softmaxRows(in, to, 0, rows, columns);
        } else {
            IntStream.range(0, tasks).parallel().forEach(
                    t -> KERNEL.softmaxRows(in, to, (int) ((long) rows * t / tasks), (int) ((long) rows * (t + 1) / tasks),
                            columns));
        }
    }

    private static FloatBuffer floats(INDArray x) {
        return x.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static Kernel load() {
        String why = null;
        Kernel kernel = null;
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            why = "-D" + PROPERTY + "=false";
        } else if (!isX86()) {
            why = "not x86-64 (" + System.getProperty("os.arch") + "); the JDK's vector EXP is scalar there";
        } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            why = "the JVM runs without --add-modules jdk.incubator.vector";
        } else {
            try {
                kernel = (Kernel) Class.forName(KERNEL_CLASS).getDeclaredConstructor().newInstance();
                if (kernel.vectorBits() < 256) {
                    why = kernel.vectorBits() + "-bit vectors (256 or more wanted)";
                    kernel = null;
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                why = "the vector kernel did not load: " + e;
            }
        }
        if (kernel != null) {
            log.debug("Row softmax on the host with {}-bit vectors (jdk.incubator.vector)", kernel.vectorBits());
        } else {
            log.debug("Row softmax by libnd4j: {}", why);
        }
        return kernel;
    }

    private static boolean isX86() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    private static String describe() {
        return "Java " + Runtime.version() + " on " + System.getProperty("os.arch") + ", jdk.incubator.vector "
                + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "present" : "absent");
    }
}
