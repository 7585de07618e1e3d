package io.github.dl4jlosses.backendtests;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where goldens are read from: the test classpath ({@code /goldens/...}) or a directory. */
public interface GoldenSource {
    /** Bytes of a file given relative to the goldens root. */
    byte[] read(String relativePath) throws IOException;

    /** The goldens on the classpath under {@code /goldens} (the committed copy, via target/test-classes). */
    static GoldenSource classpath() {
        return rel -> {
            try (InputStream in = GoldenSource.class.getResourceAsStream("/goldens/" + rel)) {
                if (in == null) {
                    throw new IOException("golden file not on the classpath: /goldens/" + rel
                            + " (regenerate with GoldenGenerator, see the module's README section)");
                }
                return in.readAllBytes();
            }
        };
    }

    /** The goldens in a directory. */
    static GoldenSource directory(Path root) {
        return rel -> Files.readAllBytes(root.resolve(rel));
    }

    default GoldenIndex index() throws IOException {
        return GoldenIndex.parse(read("index.json"));
    }

    /** An {@code .npy} file as an array (DOUBLE for goldens). Touches ND4J. */
    default INDArray array(String relativePath) {
        try {
            return Nd4j.createNpyFromByteArray(read(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
