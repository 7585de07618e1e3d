package io.github.dl4jlosses.backendtests;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * What a trajectory trains: a model whose parameters can be read and set as one flat vector and
 * which takes one optimisation step per batch. Adapters exist for a {@code ComputationGraph}
 * ({@link GraphModel}); a SameDiff model fits the same shape.
 */
public interface TrainableModel {
    /** A copy of all parameters, flattened {@code [1, n]}. */
    INDArray params();

    /** Overwrites all parameters (e.g. with a golden's initial parameters, so no backend RNG is involved). */
    void setParams(INDArray flat);

    /** One optimisation step on {@code batch}; returns the step's score (before the update). */
    double fit(MultiDataSet batch);
}
