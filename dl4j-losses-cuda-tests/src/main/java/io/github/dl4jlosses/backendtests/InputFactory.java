package io.github.dl4jlosses.backendtests;

import java.util.Random;

/**
 * Makes the inputs of one golden case from a {@link Random} (never ND4J's RNG, which differs between
 * backends and versions), in DOUBLE. Implementations live in {@link Inputs}.
 */
@FunctionalInterface
public interface InputFactory {
    /** Inputs for {@code batch} rows of embeddings of width {@code dim}; no mask (see {@link LossCase#masked}). */
    CaseInputs make(Random random, int batch, int dim);
}
