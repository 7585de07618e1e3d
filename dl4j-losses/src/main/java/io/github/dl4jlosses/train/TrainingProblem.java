package io.github.dl4jlosses.train;

/** What {@link EmbeddingHealthListener} watches for; each is warned about once per listener. */
public enum TrainingProblem {
    /**
     * Every example of a batch reaches the loss layer as the same row: the tower maps all inputs to one point
     * (dead ReLUs, a learning rate that overshot, a margin the loss satisfies with everything in one place).
     */
    EMBEDDING_COLLAPSE,
    /** The score is NaN or ±Inf: training diverged (too high a learning rate, or NaN/Inf in the data). */
    NON_FINITE_SCORE,
    /** The gradient is exactly zero for several iterations in a row: no parameter is learning anything. */
    ZERO_GRADIENT
}
