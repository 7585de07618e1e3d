package io.github.dl4jlosses.testutil;

import io.github.dl4jlosses.ops.PlainLoops;
import io.github.dl4jlosses.ops.VectorRows;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code @ExtendWith(HostKernels.class)}: a test may switch {@link VectorRows}' kernels on or off with {@link #use} (and
 * {@link #useHostPasses}, which picks between the vector kernel and plain loops for the host passes),
 * to run a FLOAT case by both routes (the host's and libnd4j's ops); the settings before the test are restored after it.
 */
public final class HostKernels implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HostKernels.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("wasEnabled", VectorRows.enabled());
        context.getStore(NAMESPACE).put("wasPlain", PlainLoops.inUse());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Boolean wasPlain = context.getStore(NAMESPACE).remove("wasPlain", Boolean.class);
        if (wasPlain != null) {
            PlainLoops.use(wasPlain);
        }
        Boolean was = context.getStore(NAMESPACE).remove("wasEnabled", Boolean.class);
        if (was != null && VectorRows.hostPassesAvailable()) {
            VectorRows.setEnabled(was);
        }
    }

    /** Turns the vector kernels on (skipping the test where they cannot load) or every host pass off. */
    public static void use(boolean on) {
        if (on) {
            useHostPasses(true, false);
        } else {
            useHostPasses(false);
        }
    }

    /**
     * Turns the host passes on ({@link VectorRows#acceptsOnHost}: with the vector kernel where it
     * loads, else plain loops) or off.
     */
    public static void useHostPasses(boolean on) {
        if (on) {
            Assumptions.assumeTrue(VectorRows.hostPassesAvailable(), "-Ddl4jlosses.vectorRows=false");
            VectorRows.setEnabled(true);
        } else if (VectorRows.hostPassesAvailable()) {
            VectorRows.setEnabled(false);
        }
    }

    /**
     * Turns the host passes on, as plain loops ({@code plain}) or on the vector kernel (skipping
     * the test where it cannot load).
     */
    public static void useHostPasses(boolean on, boolean plain) {
        if (on && !plain) {
            Assumptions.assumeTrue(VectorRows.available(), "the JVM runs without jdk.incubator.vector (or not on x86-64)");
        }
        useHostPasses(on);
        PlainLoops.use(plain);
    }

    /**
     * The routes of the host passes here, for {@link #useHostPassRoute}: {@code "libnd4j"}'s ops, and
     * for FLOAT the host's, {@code "vector"} where the vector kernel loads and {@code "plain"} loops.
     */
    public static String[] hostPassRoutes(DataType type) {
        if (type != DataType.FLOAT || !VectorRows.hostPassesAvailable()) {
            return new String[]{"libnd4j"};
        }
        return VectorRows.available() ? new String[]{"libnd4j", "vector", "plain"} : new String[]{"libnd4j", "plain"};
    }

    /** Takes one of {@link #hostPassRoutes}. */
    public static void useHostPassRoute(String route) {
        switch (route) {
            case "libnd4j":
                useHostPasses(false);
                break;
            case "vector":
                useHostPasses(true, false);
                break;
            case "plain":
                useHostPasses(true, true);
                break;
            default:
                throw new IllegalArgumentException("expected libnd4j, vector or plain, got " + route);
        }
    }
}
