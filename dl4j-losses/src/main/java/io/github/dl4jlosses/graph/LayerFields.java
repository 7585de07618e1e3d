package io.github.dl4jlosses.graph;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Copies a DL4J layer configuration's options into an instance of a subclass that adds a faster implementation
 * (the tower layers the graph builders put in place of DL4J's).
 */
public final class LayerFields {
    private LayerFields() {
    }

    /**
     * Every non-static field of {@code dl4jClass} and its parents from {@code from} into {@code to}, so that none is
     * forgotten if DL4J adds one. {@code from} should be a clone (arrays are shared, not copied).
     *
     * @return {@code to}
     */
    public static <T, S extends T> S copy(Class<T> dl4jClass, T from, S to) {
        for (Class<?> c = dl4jClass; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                try {
                    f.setAccessible(true);
                    f.set(to, f.get(from));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy " + c.getSimpleName() + "." + f.getName(), e);
                }
            }
        }
        return to;
    }
}
