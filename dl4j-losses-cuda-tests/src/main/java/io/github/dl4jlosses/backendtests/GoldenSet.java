package io.github.dl4jlosses.backendtests;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A complete set of goldens in memory: the index and every array by its path relative to the goldens
 * root. {@link #writeTo} lays it out as {@code index.json}, {@code losses/<id>/*.npy} and
 * {@code trajectories/<id>/*.npy}.
 */
public final class GoldenSet {
    public final GoldenIndex index;
    /** Relative path → array (DOUBLE), in insertion order. */
    public final Map<String, INDArray> arrays = new LinkedHashMap<>();

    public GoldenSet(GoldenIndex index) {
        this.index = index;
    }

    /** Adds {@code array} as {@code dir/name.npy} and returns that path (relative to the goldens root). */
    String put(String dir, String name, INDArray array) {
        String path = dir + "/" + name + ".npy";
        arrays.put(path, array.dup('c'));
        return path;
    }

    /** Replaces the {@code losses} and {@code trajectories} trees under {@code root} and rewrites the index. */
    public void writeTo(Path root) throws IOException {
        for (String sub : new String[]{"losses", "trajectories"}) {
            Path dir = root.resolve(sub);
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                        Files.delete(p);
                    }
                }
            }
        }
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            Path file = root.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, Nd4j.toNpyByteArray(e.getValue()));
        }
        Files.createDirectories(root);
        Files.write(root.resolve("index.json"), index.toJson());
    }

    /** Total bytes of the arrays' data (what the {@code .npy} files hold, headers aside). */
    public long dataBytes() {
        return arrays.values().stream().mapToLong(a -> a.length() * a.dataType().width()).sum();
    }
}
