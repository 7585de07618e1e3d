package io.github.dl4jlosses.backendtests;

import io.github.dl4jlosses.backendtests.probe.BackendProbe;
import org.junit.jupiter.params.provider.Arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Parameters of the replay tests, read from the committed index only (no ND4J call, so listing the
 * cases works even where the backend cannot load): every golden × every data type it is replayed in
 * that the backend on the classpath supports (HALF only on CUDA).
 */
final class ReplayCases {
    private ReplayCases() {
    }

    static GoldenIndex committedIndex() {
        try {
            return GoldenSource.classpath().index();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * DOUBLE and FLOAT everywhere; HALF on CUDA, or on the CPU too with {@code -Ddl4jlosses.replay.half=true}
     * (a preview: the CPU backend's HALF kernels are not what this suite vouches for).
     */
    static Set<DataType> backendTypes() {
        return BackendProbe.cudaOnClasspath() || Boolean.getBoolean("dl4jlosses.replay.half")
                ? EnumSet.of(DataType.DOUBLE, DataType.FLOAT, DataType.FLOAT16)
                : EnumSet.of(DataType.DOUBLE, DataType.FLOAT);
    }

    static Stream<Arguments> losses() {
        return committedIndex().losses.stream().flatMap(e -> types(e.dataTypes).map(t -> Arguments.of(e.id, t, e)));
    }

    static Stream<Arguments> trajectories() {
        return committedIndex().trajectories.stream()
                .flatMap(e -> types(e.dataTypes).map(t -> Arguments.of(e.id, t, e)));
    }

    private static Stream<DataType> types(List<String> names) {
        return names.stream().map(DataType::valueOf).filter(backendTypes()::contains);
    }
}
