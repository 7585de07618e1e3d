package io.github.dl4jlosses.backendtests;

import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Random;

/** Draws one training batch (DOUBLE) from a {@link Random}; see {@link Batches}. */
@FunctionalInterface
public interface BatchFactory {
    MultiDataSet next(Random random);
}
