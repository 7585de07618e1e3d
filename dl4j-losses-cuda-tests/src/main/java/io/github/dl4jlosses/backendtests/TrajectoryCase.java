package io.github.dl4jlosses.backendtests;

import org.nd4j.linalg.api.buffer.DataType;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * One golden training trajectory: {@value #STEPS} optimisation steps of a model from fixed initial
 * parameters on batches drawn with a fixed seed. Replayed in DOUBLE and FLOAT; not in HALF, where 20
 * steps of updates below HALF's resolution make the trajectory drift for reasons that are not a
 * backend bug.
 */
public final class TrajectoryCase {
    public static final int STEPS = 20;

    private final String id;
    private final String description;
    private final Function<DataType, TrainableModel> model;
    private final BatchFactory batches;
    private final long seed;

    private TrajectoryCase(String id, String description, Function<DataType, TrainableModel> model,
                           BatchFactory batches, long seed) {
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("trajectory id must be lower-case [a-z0-9._-]: " + id);
        }
        this.id = id;
        this.description = description;
        this.model = model;
        this.batches = batches;
        this.seed = seed;
    }

    /** A trajectory of {@code model} (built for a data type) on {@code batches} drawn from {@code seed}. */
    public static TrajectoryCase of(String id, String description, Function<DataType, TrainableModel> model,
                                    BatchFactory batches, long seed) {
        return new TrajectoryCase(id, description, model, batches, seed);
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** A fresh, initialised model in {@code type}. */
    public TrainableModel newModel(DataType type) {
        return model.apply(type);
    }

    public BatchFactory batches() {
        return batches;
    }

    public long seed() {
        return seed;
    }

    public Set<DataType> dataTypes() {
        return EnumSet.of(DataType.DOUBLE, DataType.FLOAT);
    }

    @Override
    public String toString() {
        return id;
    }
}
