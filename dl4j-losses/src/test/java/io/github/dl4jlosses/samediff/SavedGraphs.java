package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A graph holding one of the library's ops ({@link NativeUnderOwnName}), saved and loaded again. */
final class SavedGraphs {
    private SavedGraphs() {
    }

    /**
     * Saves {@code sd} (whose loss is set), loads it after {@code register}, and asserts that the loaded graph holds an
     * op of {@code op}'s class, recreated by its name, and gives the same {@code output} and gradient for {@code wrt}.
     */
    static void assertLoadsTheSame(SameDiff sd, Map<String, INDArray> placeholders, String output, String wrt,
                                   Class<? extends NativeUnderOwnName> op, Runnable register, Path dir) {
        sd.createGradFunction(wrt);
        INDArray value = sd.outputSingle(placeholders, output);
        INDArray grad = sd.calculateGradients(placeholders, wrt).get(wrt);
        File file = dir.resolve(op.getSimpleName() + ".sd").toFile();
        sd.save(file, true);
        register.run();
        SameDiff loaded = SameDiff.load(file, true);
        assertTrue(loaded.getOps().values().stream().anyMatch(o -> op.isInstance(o.getOp())), "recreated by name");
        assertEquals(value, loaded.outputSingle(placeholders, output));
        loaded.createGradFunction(wrt);
        assertEquals(grad, loaded.calculateGradients(placeholders, wrt).get(wrt));
    }
}
