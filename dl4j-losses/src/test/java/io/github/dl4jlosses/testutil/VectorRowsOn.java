package io.github.dl4jlosses.testutil;

import io.github.dl4jlosses.ops.VectorRows;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(VectorRowsOn.class)}: each test runs with {@link VectorRows}' kernels turned on, and is skipped
 * where they cannot load (the JVM runs without {@code jdk.incubator.vector}, as the test run on oneDNN's natives does);
 * the setting before the test is restored after it ({@link HostKernels}, whose switch it flips before each test).
 */
public final class VectorRowsOn implements BeforeEachCallback, AfterEachCallback {
    private final HostKernels restored = new HostKernels();

    @Override
    public void beforeEach(ExtensionContext context) {
        restored.beforeEach(context);
        HostKernels.use(true);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        restored.afterEach(context);
    }
}
