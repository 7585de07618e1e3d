package io.github.dl4jlosses.testutil;

import io.github.dl4jlosses.ops.VectorRows;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(VectorRowsOn.class)}: each test runs with {@link VectorRows}' vector kernel turned on, and is
 * skipped where it cannot load (the JVM runs without {@code jdk.incubator.vector}, as the test run on oneDNN's natives
 * does); in a test class that implements {@link Plain}, on its plain loops instead (every JVM). The setting before the
 * test is restored after it ({@link HostKernels}, whose switch it flips before each test).
 */
public final class VectorRowsOn implements BeforeEachCallback, AfterEachCallback {
    private final HostKernels restored = new HostKernels();

    /** Marks a test class whose tests run on the host passes' plain loops rather than the vector kernel. */
    public interface Plain {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        restored.beforeEach(context);
        HostKernels.useHostPassRoute(context.getRequiredTestInstance() instanceof Plain ? "plain" : "vector");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        restored.afterEach(context);
    }
}
