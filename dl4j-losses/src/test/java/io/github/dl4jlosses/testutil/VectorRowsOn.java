package io.github.dl4jlosses.testutil;

import io.github.dl4jlosses.ops.VectorRows;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(VectorRowsOn.class)}: each test runs with {@link VectorRows}' kernels turned on, and is skipped
 * where they cannot load (the JVM runs without {@code jdk.incubator.vector}, as the test run on oneDNN's natives does);
 * the setting before the test is restored after it.
 */
public final class VectorRowsOn implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VectorRowsOn.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(VectorRows.available(), "the JVM runs without jdk.incubator.vector (or not on x86-64)");
        context.getStore(NAMESPACE).put("wasEnabled", VectorRows.enabled());
        VectorRows.setEnabled(true);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Boolean was = context.getStore(NAMESPACE).remove("wasEnabled", Boolean.class);
        if (was != null) {
            VectorRows.setEnabled(was);
        }
    }
}
