package io.github.dl4jlosses.train;

/** One problem {@link EmbeddingHealthListener} saw: what, at which iteration and epoch, and the line it logged. */
public final class HealthWarning {
    private final TrainingProblem problem;
    private final int iteration;
    private final int epoch;
    private final String message;

    HealthWarning(TrainingProblem problem, int iteration, int epoch, String message) {
        this.problem = problem;
        this.iteration = iteration;
        this.epoch = epoch;
        this.message = message;
    }

    /** @return which problem was seen */
    public TrainingProblem problem() {
        return problem;
    }

    /** The model's iteration count when the problem was seen (DL4J's, starting at 0, not reset by epochs). */
    public int iteration() {
        return iteration;
    }

    /** The model's epoch count at that iteration (starting at 0). */
    public int epoch() {
        return epoch;
    }

    /** The warning as logged, e.g. {@code "score is NaN at iteration 12 (epoch 0): ..."}. */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return message;
    }
}
