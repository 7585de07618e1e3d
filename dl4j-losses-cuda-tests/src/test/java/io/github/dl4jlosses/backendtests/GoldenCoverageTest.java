package io.github.dl4jlosses.backendtests;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed goldens and the registry describe the same cases, every file the index names exists,
 * and the whole set stays small. Reads files only (no ND4J), so it runs whatever the backend.
 */
class GoldenCoverageTest {
    /** Upper bound on the committed goldens (the issue asks for "a few MB at most"). */
    private static final long MAX_BYTES = 3L * 1024 * 1024;

    @Test
    void everyRegisteredCaseHasAGoldenAndNoGoldenIsOrphaned() {
        GoldenIndex index = ReplayCases.committedIndex();
        assertEquals(GoldenIndex.FORMAT, index.format);
        Set<String> registered = GoldenRegistry.lossCases().stream().map(LossCase::id).collect(Collectors.toCollection(TreeSet::new));
        Set<String> committed = index.losses.stream().map(e -> e.id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(registered, committed, "loss cases: registry vs goldens (regenerate: " + GoldenGenerator.REGENERATE + ")");
        Set<String> trajectories = GoldenRegistry.trajectories().stream().map(TrajectoryCase::id).collect(Collectors.toCollection(TreeSet::new));
        Set<String> committedTrajectories = index.trajectories.stream().map(e -> e.id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(trajectories, committedTrajectories, "trajectories: registry vs goldens");
    }

    @Test
    void everyNamedFileExistsAndTheSetStaysSmall() throws IOException {
        GoldenIndex index = ReplayCases.committedIndex();
        GoldenSource src = GoldenSource.classpath();
        long bytes = src.read("index.json").length;
        for (GoldenIndex.LossEntry e : index.losses) {
            assertTrue(e.arrays.keySet().containsAll(Set.of("preOutput", "labels", "scoreArray", "gradient")), e.id);
            for (String path : e.arrays.values()) {
                bytes += src.read(path).length;
            }
        }
        for (GoldenIndex.TrajectoryEntry e : index.trajectories) {
            assertTrue(e.arrays.keySet().containsAll(Set.of("initialParams", "input0", "label0", "scores", "finalParams")), e.id);
            for (String path : e.arrays.values()) {
                bytes += src.read(path).length;
            }
        }
        assertTrue(bytes <= MAX_BYTES, "goldens take " + bytes + " bytes, more than " + MAX_BYTES);
    }

    @Test
    void shapesIncludeSingleRowOddWidthAndLargeBatch() {
        GoldenIndex index = ReplayCases.committedIndex();
        assertTrue(index.losses.stream().anyMatch(e -> e.batch == 1), "a B = 1 case");
        assertTrue(index.losses.stream().anyMatch(e -> e.batch == 1024), "a B = 1024 case");
        assertTrue(index.losses.stream().allMatch(e -> e.dim % 2 == 1 || e.batch == 1024), "odd D except the B = 1024 cases");
        assertTrue(index.losses.stream().anyMatch(e -> e.dataTypes.contains(DataType.FLOAT16.name())), "HALF cases for CUDA");
    }
}
