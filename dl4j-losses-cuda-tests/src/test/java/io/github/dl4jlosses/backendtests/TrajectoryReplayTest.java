package io.github.dl4jlosses.backendtests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every training trajectory on the active backend: same initial parameters, same 20 batches;
 * the per-step scores and the final parameters must match the CPU/DOUBLE golden within
 * {@link Tolerance#forTrajectory}.
 */
class TrajectoryReplayTest {
    private static final Map<String, TrajectoryCase> REGISTRY = GoldenRegistry.trajectories().stream()
            .collect(Collectors.toMap(TrajectoryCase::id, Function.identity()));

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("io.github.dl4jlosses.backendtests.ReplayCases#trajectories")
    void replaysTheTrajectory(String id, DataType type, GoldenIndex.TrajectoryEntry golden) {
        BackendGate.assumeUsable();
        TrajectoryCase t = REGISTRY.get(id);
        assertNotNull(t, id + " has a golden but is not in GoldenRegistry: regenerate the goldens");
        GoldenSource src = GoldenSource.classpath();
        List<INDArray> inputs = arrays(src, golden, "input");
        List<INDArray> labels = arrays(src, golden, "label");

        TrainableModel model = t.newModel(type);
        model.setParams(src.array(golden.arrays.get("initialParams")).castTo(type));
        double[] scores = new double[golden.steps];
        for (int step = 0; step < golden.steps; step++) {
            scores[step] = model.fit(new MultiDataSet(slice(inputs, step, type), slice(labels, step, type)));
        }

        Tolerance tol = Tolerance.forTrajectory(type);
        List<String> failures = new ArrayList<>();
        String s = tol.compare("scores per step", src.array(golden.arrays.get("scores")), Nd4j.createFromArray(scores));
        String p = tol.compare("final parameters", src.array(golden.arrays.get("finalParams")), model.params());
        if (s != null) {
            failures.add(s);
        }
        if (p != null) {
            failures.add(p);
        }
        assertTrue(failures.isEmpty(), () -> id + " [" + type + "] on " + Backends.describe() + ":\n  "
                + String.join("\n  ", failures));
    }

    private static List<INDArray> arrays(GoldenSource src, GoldenIndex.TrajectoryEntry golden, String prefix) {
        List<INDArray> list = new ArrayList<>();
        for (int i = 0; golden.arrays.containsKey(prefix + i); i++) {
            list.add(src.array(golden.arrays.get(prefix + i)));
        }
        return list;
    }

    private static INDArray[] slice(List<INDArray> stacked, int step, DataType type) {
        INDArray[] out = new INDArray[stacked.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = stacked.get(i).slice(step).dup('c').castTo(type);
        }
        return out;
    }
}
