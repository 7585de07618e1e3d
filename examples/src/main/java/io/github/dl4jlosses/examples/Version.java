package io.github.dl4jlosses.examples;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The project version, from {@code version.properties} (filtered by Maven from the pom), so that
 * {@code --version} and {@code metrics.json} say the same as the artifact.
 */
public final class Version implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "/io/github/dl4jlosses/examples/version.properties";

    /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[]{"dl4j-losses " + get() + " (Deeplearning4j 1.0.0-M2.1, Java " + System.getProperty("java.version") + ")"};
    }
}
