package io.github.dl4jlosses.backendtests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every loss golden on the active backend in each data type: score, per-row scores, gradient
 * and the combined gradient-and-score call must match the CPU/DOUBLE golden within
 * {@link Tolerance#forLoss}, stay in the input's data type and leave the input untouched.
 */
class LossReplayTest {
    private static final Map<String, LossCase> REGISTRY = GoldenRegistry.lossCases().stream()
            .collect(Collectors.toMap(LossCase::id, Function.identity()));

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("io.github.dl4jlosses.backendtests.ReplayCases#losses")
    void replaysTheGolden(String id, DataType type, GoldenIndex.LossEntry golden) {
        BackendGate.assumeUsable();
        LossCase c = REGISTRY.get(id);
        assertNotNull(c, id + " has a golden but is not in GoldenRegistry: regenerate the goldens");
        GoldenSource src = GoldenSource.classpath();
        CaseInputs in = new CaseInputs(src.array(golden.arrays.get("preOutput")), src.array(golden.arrays.get("labels")),
                golden.arrays.containsKey("mask") ? src.array(golden.arrays.get("mask")) : null).castTo(type);
        INDArray untouched = in.preOutput.dup();
        ILossFunction loss = c.newLoss();
        IActivation act = c.activation().getActivationFunction();

        double score = loss.computeScore(in.labels, in.preOutput, act, in.mask, true);
        INDArray scoreArray = loss.computeScoreArray(in.labels, in.preOutput, act, in.mask);
        INDArray gradient = loss.computeGradient(in.labels, in.preOutput, act, in.mask);
        Pair<Double, INDArray> both = loss.computeGradientAndScore(in.labels, in.preOutput, act, in.mask, true);

        Tolerance tol = Tolerance.forLoss(type);
        List<String> failures = new ArrayList<>();
        add(failures, tol.compare("score", golden.score, score));
        add(failures, tol.compare("scoreArray", src.array(golden.arrays.get("scoreArray")), scoreArray));
        INDArray expectedGradient = src.array(golden.arrays.get("gradient"));
        add(failures, tol.compare("gradient", expectedGradient, gradient));
        add(failures, tol.compare("computeGradientAndScore score", golden.score, both.getFirst()));
        add(failures, tol.compare("computeGradientAndScore gradient", expectedGradient, both.getSecond()));
        assertTrue(failures.isEmpty(), () -> id + " [" + type + "] on " + Backends.describe() + ":\n  "
                + String.join("\n  ", failures));
        assertEquals(type, gradient.dataType(), "gradient data type");
        assertEquals(type, scoreArray.dataType(), "score array data type");
        assertEquals(untouched, in.preOutput, "the loss modified its preOutput argument");
    }

    private static void add(List<String> failures, String failure) {
        if (failure != null) {
            failures.add(failure);
        }
    }
}
