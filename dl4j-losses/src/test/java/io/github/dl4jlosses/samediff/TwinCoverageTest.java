package io.github.dl4jlosses.samediff;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.io.File;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry cannot fall behind the library: every concrete loss class of
 * {@code io.github.dl4jlosses.loss} (found on the class path) has at least one {@link TwinCase}, and
 * every concrete SameDiff twin class of this package is the twin of some registered case.
 */
class TwinCoverageTest {

    @Test
    void everyAnalyticLossIsRegistered() throws Exception {
        List<Class<?>> losses = concreteSubclasses("io.github.dl4jlosses.loss", ILossFunction.class);
        assertTrue(losses.size() >= 3, "class path scan found too few losses: " + losses);
        Set<Class<?>> registered = TwinCase.all().stream().map(c -> c.analytic.getClass()).collect(Collectors.toSet());
        for (Class<?> loss : losses) {
            assertTrue(registered.contains(loss), loss.getSimpleName() + " has no entry in TwinCase.all()");
        }
    }

    @Test
    void everyTwinClassIsExercised() throws Exception {
        List<Class<?>> twins = concreteSubclasses("io.github.dl4jlosses.samediff", SameDiffRankingLoss.class);
        assertEquals(twins.size(), twins.stream().distinct().count());
        assertFalse(twins.isEmpty());
        Set<Class<?>> used = TwinCase.all().stream().map(c -> c.twin.getClass()).collect(Collectors.toSet());
        for (Class<?> twin : twins) {
            assertTrue(used.contains(twin), twin.getSimpleName() + " is the twin of no registered case");
        }
    }

    /** Concrete public classes of {@code pkg} in the library's classes directory assignable to {@code type}. */
    static List<Class<?>> concreteSubclasses(String pkg, Class<?> type) throws URISyntaxException, ClassNotFoundException {
        URL root = SameDiffTwins.class.getProtectionDomain().getCodeSource().getLocation();
        assertEquals("file", root.getProtocol(), "the library's classes are expected in a directory: " + root);
        File dir = new File(new File(root.toURI()), pkg.replace('.', File.separatorChar));
        File[] files = dir.listFiles((d, name) -> name.endsWith(".class") && !name.contains("$"));
        assertTrue(files != null && files.length > 0, "no classes in " + dir);
        List<Class<?>> out = new ArrayList<>();
        for (File f : files) {
            String name = f.getName();
            Class<?> c = Class.forName(pkg + "." + name.substring(0, name.length() - ".class".length()));
            if (type.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()) && Modifier.isPublic(c.getModifiers())) {
                out.add(c);
            }
        }
        return out;
    }
}
