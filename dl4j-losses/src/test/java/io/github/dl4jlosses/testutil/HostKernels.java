package io.github.dl4jlosses.testutil;

import io.github.dl4jlosses.ops.VectorRows;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code @ExtendWith(HostKernels.class)}: a test may switch {@link VectorRows}' kernels on or off with {@link #use},
 * to run a FLOAT case by both routes (the host's and libnd4j's ops); the setting before the test is restored after it.
 */
public final class HostKernels implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HostKernels.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("wasEnabled", VectorRows.enabled());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Boolean was = context.getStore(NAMESPACE).remove("wasEnabled", Boolean.class);
        if (was != null && VectorRows.available()) {
            VectorRows.setEnabled(was);
        }
    }

    /** Turns the kernels on (skipping the test where they cannot load) or off. */
    public static void use(boolean on) {
        if (on) {
            Assumptions.assumeTrue(VectorRows.available(), "the JVM runs without jdk.incubator.vector (or not on x86-64)");
            VectorRows.setEnabled(true);
        } else if (VectorRows.available()) {
            VectorRows.setEnabled(false);
        }
    }

    /** The routes a case of {@code type} can take here: libnd4j's ops, and for FLOAT the host's where they load. */
    public static boolean[] routes(DataType type) {
        return type == DataType.FLOAT && VectorRows.available() ? new boolean[]{false, true} : new boolean[]{false};
    }
}
