package io.github.dl4jlosses.examples;

import io.github.dl4jlosses.examples.cli.NativeVariant;
import org.junit.jupiter.api.extension.Extension;

/**
 * Makes the tests' JVM choose its ND4J natives as the tool does ({@link NativeVariant#choose()}), before any test
 * loads ND4J: registered through META-INF/services and junit-platform.properties (extension autodetection), so
 * JUnit instantiates it when the engine starts.
 */
public final class NativesForTests implements Extension {
    static {
        NativeVariant.choose();
    }
}
