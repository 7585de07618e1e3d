package io.github.dl4jlosses.loss;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.core.JsonProcessingException;

import java.io.IOException;

/**
 * A loss on its own as JSON, in the format DL4J writes it inside a network configuration (with its
 * {@code "@class"}), through DL4J's own mapper.
 * <p>
 * Reading checks every option as the builders do. A refused option is an {@link IllegalArgumentException} naming
 * the loss, the option, the allowed range and the value. (DL4J's {@code ComputationGraphConfiguration.fromJson},
 * {@code MultiLayerConfiguration.fromJson} and {@code ModelSerializer} fail at load time too, but wrap every error in
 * a {@code RuntimeException}: the same {@code IllegalArgumentException} is then its root cause, and its message is
 * part of theirs.)
 */
public final class LossJson {
    private LossJson() {
    }

    /** {@code loss} as JSON, {@code "@class"} included. */
    public static String toJson(ILossFunction loss) {
        try {
            return NeuralNetConfiguration.mapper().writerFor(ILossFunction.class).writeValueAsString(loss);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + loss + " as JSON", e);
        }
    }

    /**
     * The loss {@code json} describes.
     *
     * @throws IllegalArgumentException for a refused option (the loss's own message) or JSON that is not a loss
     */
    public static ILossFunction fromJson(String json) {
        try {
            return NeuralNetConfiguration.mapper().readValue(json, ILossFunction.class);
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    throw (IllegalArgumentException) t;
                }
            }
            throw new IllegalArgumentException("expected the JSON of a loss function, got: " + e.getMessage(), e);
        }
    }
}
