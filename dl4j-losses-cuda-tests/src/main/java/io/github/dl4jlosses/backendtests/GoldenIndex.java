package io.github.dl4jlosses.backendtests;

import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code goldens/index.json}: what each golden case is and which {@code .npy} files (paths relative to
 * the goldens directory) hold its arrays. Plain public fields, read and written with the Jackson that
 * ND4J shades, so reading the index never initialises an ND4J backend.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "regenerate", "generatedWith", "losses", "trajectories"})
public final class GoldenIndex {
    /** Version tag of this layout. */
    public static final String FORMAT = "dl4j-losses-goldens/1";

    public String format = FORMAT;
    /** The command that rewrites these files. */
    public String regenerate;
    /** Backend, data type and library versions the goldens were computed with. */
    public String generatedWith;
    public List<LossEntry> losses = new ArrayList<>();
    public List<TrajectoryEntry> trajectories = new ArrayList<>();

    /** One loss case. Arrays: preOutput, labels, mask (when masked), scoreArray, gradient. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "loss", "activation", "batch", "dim", "seed", "kinkClearance", "dataTypes",
            "score", "arrays", "lossJson"})
    public static final class LossEntry {
        public String id;
        /** {@code toString()} of the loss, for people. */
        public String loss;
        public String activation;
        public int batch;
        public int dim;
        /** Seed of {@link LossCase#makeInputs} (the first from {@link LossCase#baseSeed} that passed the guard). */
        public long seed;
        /** Jitter clearance from kinks the inputs were checked for ({@link KinkGuard}). */
        public double kinkClearance;
        public List<String> dataTypes = new ArrayList<>();
        /** {@code computeScore(average=true)}. */
        public double score;
        public Map<String, String> arrays = new TreeMap<>();
        /** The loss as DL4J serialises it inside a network configuration. */
        public JsonNode lossJson;
    }

    /**
     * One training trajectory. Arrays: initialParams {@code [1,n]}, input0..k {@code [steps,B,F]},
     * label0..k {@code [steps,B,L]}, scores {@code [steps]}, finalParams {@code [1,n]}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "model", "steps", "seed", "dataTypes", "arrays"})
    public static final class TrajectoryEntry {
        public String id;
        /** What is trained, for people. */
        public String model;
        public int steps;
        public long seed;
        public List<String> dataTypes = new ArrayList<>();
        public Map<String, String> arrays = new TreeMap<>();
    }

    /** The mapper used for the index: sorted, indented, stable output. */
    public static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.enable(SerializationFeature.INDENT_OUTPUT);
        m.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        return m;
    }

    public static GoldenIndex parse(byte[] json) throws IOException {
        return mapper().readValue(json, GoldenIndex.class);
    }

    public byte[] toJson() throws IOException {
        return mapper().writeValueAsBytes(this);
    }

    /** The loss entry with this id, or null. */
    public LossEntry loss(String id) {
        return losses.stream().filter(e -> e.id.equals(id)).findFirst().orElse(null);
    }

    /** The trajectory entry with this id, or null. */
    public TrajectoryEntry trajectory(String id) {
        return trajectories.stream().filter(e -> e.id.equals(id)).findFirst().orElse(null);
    }
}
