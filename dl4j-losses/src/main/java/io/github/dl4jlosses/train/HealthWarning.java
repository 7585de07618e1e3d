package io.github.dl4jlosses.train;

import lombok.AccessLevel;
import lombok.AllArgsConstructor;
import lombok.Getter;
import lombok.experimental.Accessors;

/** One problem {@link EmbeddingHealthListener} saw: what, at which iteration and epoch, and the line it logged. */
@Getter
@Accessors(fluent = true)
@AllArgsConstructor(access = AccessLevel.PACKAGE)
public final class HealthWarning {
    /** Which problem was seen. */
    private final TrainingProblem problem;
    /** The model's iteration count when the problem was seen (DL4J's, starting at 0, not reset by epochs). */
    private final int iteration;
    /** The model's epoch count at that iteration (starting at 0). */
    private final int epoch;
    /** The warning as logged, e.g. {@code "score is NaN at iteration 12 (epoch 0): ..."}. */
    private final String message;

    @Override
    public String toString() {
        return message;
    }
}
