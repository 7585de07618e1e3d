package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.graph.PretrainedTower;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.util.ModelSerializer;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code train --init-from}: a saved network's layers as the starting tower, checked before any data is read. */
final class InitFrom {
    private InitFrom() {
    }

    /** The image input of the data options (Fashion-MNIST 28×28 grey, LFW {@code --image-size}, grey or RGB). */
    static InputType inputType(DataOptions data) {
        if (data.isLfw()) return InputType.convolutionalFlat(data.imageSize, data.imageSize, data.rgb ? 3 : 1);
        return InputType.convolutionalFlat(28, 28, 1);
    }

    /**
     * Loads {@code file} (a {@code ComputationGraph} or {@code MultiLayerNetwork} written by DL4J's
     * {@code ModelSerializer}, as {@code pretrain} and {@code train} write) and cuts its tower.
     *
     * @throws IllegalArgumentException with one line naming the file and what is wrong
     */
    static PretrainedTower tower(Path file, InputType input, String cutAt, int freeze) throws FileNotFoundException {
        if (!Files.isRegularFile(file)) throw new FileNotFoundException("--init-from: no such file: " + file);
        Model model = load(file);
        try {
            return PretrainedTower.of(model, input, cutAt, freeze);
        } catch (IllegalArgumentException | IllegalStateException e) {
            String msg = e.getMessage().replaceFirst("^PretrainedTower: ", "");
            throw new IllegalArgumentException("--init-from " + file + ": " + msg, e);
        }
    }

    private static Model load(Path file) {
        Exception first;
        try {
            return ModelSerializer.restoreComputationGraph(file.toFile(), false);
        } catch (Exception | Error e) {
            first = e instanceof Exception ? (Exception) e : new RuntimeException(e);
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (Exception | Error e) {
            throw new IllegalArgumentException("expected --init-from to be a network saved by DL4J's ModelSerializer"
                    + " (e.g. the model.zip of pretrain or train), got " + file + " (" + reason(first) + ")", e);
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
