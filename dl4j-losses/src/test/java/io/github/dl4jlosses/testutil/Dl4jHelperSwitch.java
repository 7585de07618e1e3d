package io.github.dl4jlosses.testutil;

import io.github.dl4jlosses.graph.OneDnnLayers;

import java.util.function.Supplier;

/**
 * DL4J's helper switch ({@value OneDnnLayers#DISABLE_PROPERTY}) set for one action and restored after, so that a test
 * sees the value it needs whatever earlier tests or graph builders left in this JVM. (The examples module has its own,
 * {@code OneDnnJvm.withSwitch}: test classes are not shared between modules.)
 */
public final class Dl4jHelperSwitch {
    private Dl4jHelperSwitch() {
    }

    /** {@code action}'s result, run while the switch says {@code disable} (null: unset). */
    public static <T> T with(String disable, Supplier<T> action) {
        String before = System.getProperty(OneDnnLayers.DISABLE_PROPERTY);
        try {
            if (disable == null) System.clearProperty(OneDnnLayers.DISABLE_PROPERTY);
            else System.setProperty(OneDnnLayers.DISABLE_PROPERTY, disable);
            return action.get();
        } finally {
            if (before == null) System.clearProperty(OneDnnLayers.DISABLE_PROPERTY);
            else System.setProperty(OneDnnLayers.DISABLE_PROPERTY, before);
        }
    }
}
