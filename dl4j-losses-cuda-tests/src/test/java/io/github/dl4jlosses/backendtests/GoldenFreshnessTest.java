package io.github.dl4jlosses.backendtests;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed goldens are what today's code computes: every case is regenerated on CPU in DOUBLE
 * (from its committed seed, so without the seed search) and every array and score must agree within
 * 1e-12 of the array's scale, every configuration exactly. A loss changed without regenerating the
 * goldens fails here, with the command to run.
 */
class GoldenFreshnessTest {

    @Test
    void regeneratingOnCpuReproducesTheCommittedGoldens() {
        BackendGate.assumeCpu("the freshness check");
        GoldenIndex committed = ReplayCases.committedIndex();
        GoldenSource src = GoldenSource.classpath();
        GoldenSet fresh = new GoldenSet(new GoldenIndex());
        List<String> stale = new ArrayList<>();

        for (LossCase c : GoldenRegistry.lossCases()) {
            GoldenIndex.LossEntry old = committed.loss(c.id());
            if (old == null) {
                stale.add(c.id() + ": in the registry but has no golden");
                continue;
            }
            GoldenIndex.LossEntry now = GoldenGenerator.generate(c, fresh, old.seed);
            compareEntry(stale, c.id(), "loss", old.loss, now.loss);
            compareEntry(stale, c.id(), "lossJson", old.lossJson, now.lossJson);
            compareEntry(stale, c.id(), "activation", old.activation, now.activation);
            compareEntry(stale, c.id(), "dataTypes", old.dataTypes, now.dataTypes);
            compareEntry(stale, c.id(), "kinkClearance", old.kinkClearance, now.kinkClearance);
            compareEntry(stale, c.id(), "arrays", old.arrays.keySet(), now.arrays.keySet());
            add(stale, c.id(), Tolerance.FRESHNESS.compare("score", old.score, now.score));
            compareArrays(stale, c.id(), src, old.arrays, now.arrays, fresh);
        }
        for (TrajectoryCase t : GoldenRegistry.trajectories()) {
            GoldenIndex.TrajectoryEntry old = committed.trajectory(t.id());
            if (old == null) {
                stale.add(t.id() + ": in the registry but has no golden");
                continue;
            }
            GoldenIndex.TrajectoryEntry now = GoldenGenerator.generate(t, fresh);
            compareEntry(stale, t.id(), "model", old.model, now.model);
            compareEntry(stale, t.id(), "seed", old.seed, now.seed);
            compareEntry(stale, t.id(), "arrays", old.arrays.keySet(), now.arrays.keySet());
            compareArrays(stale, t.id(), src, old.arrays, now.arrays, fresh);
        }
        int registered = GoldenRegistry.lossCases().size() + GoldenRegistry.trajectories().size();
        int committedCount = committed.losses.size() + committed.trajectories.size();
        if (committedCount != registered) {
            stale.add(committedCount + " goldens committed but " + registered + " cases registered");
        }
        assertTrue(stale.isEmpty(), () -> "The committed goldens are stale (" + stale.size() + " differences):\n  "
                + String.join("\n  ", stale.subList(0, Math.min(stale.size(), 30)))
                + "\nIf the change is intended, regenerate and commit src/test/resources/goldens:\n  "
                + GoldenGenerator.REGENERATE);
    }

    private static void compareArrays(List<String> stale, String id, GoldenSource src, Map<String, String> old,
                                      Map<String, String> now, GoldenSet fresh) {
        for (Map.Entry<String, String> e : now.entrySet()) {
            String path = old.get(e.getKey());
            if (path == null) {
                continue; // reported by the key-set comparison
            }
            INDArray regenerated = fresh.arrays.get(e.getValue());
            assertNotNull(regenerated, e.getValue());
            add(stale, id, Tolerance.FRESHNESS.compare(e.getKey(), src.array(path), regenerated));
        }
    }

    private static void compareEntry(List<String> stale, String id, String field, Object old, Object now) {
        if (!Objects.equals(old, now)) {
            stale.add(id + ": " + field + " is now " + now + ", golden has " + old);
        }
    }

    private static void add(List<String> stale, String id, String failure) {
        if (failure != null) {
            stale.add(id + ": " + failure);
        }
    }
}
