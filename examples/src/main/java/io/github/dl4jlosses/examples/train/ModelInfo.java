package io.github.dl4jlosses.examples.train;

import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;

/**
 * What {@code verify} and {@code evaluate} need besides the weights — loss, image preprocessing and
 * the decision threshold — stored as JSON inside the model zip (ModelSerializer's object entries).
 */
public final class ModelInfo {
    private static final String KEY = "dl4jlosses-verification-info";

    @JsonProperty public String loss;
    @JsonProperty public String tower;
    @JsonProperty public String source;      // "fashion-mnist" or "lfw"
    @JsonProperty public int channels;
    @JsonProperty public int height;
    @JsonProperty public int width;
    @JsonProperty public double crop = 1.0;
    /** Pairs scoring at or above this are "same" (cosine similarity, or the Koch head's probability). */
    @JsonProperty public double threshold;
    @JsonProperty public int embedding;

    public void saveInto(File modelZip) throws IOException {
        ModelSerializer.addObjectToFile(modelZip, KEY, new ObjectMapper().writeValueAsString(this));
    }

    public static ModelInfo readFrom(File modelZip) throws IOException {
        String json;
        try {
            json = ModelSerializer.getObjectFromFile(modelZip, KEY);
        } catch (RuntimeException e) {
            throw new IOException(modelZip + ": not a model written by this trainer (no " + KEY + " entry)", e);
        }
        return new ObjectMapper().readValue(json, ModelInfo.class);
    }
}
