package io.github.dl4jlosses.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A DL4J {@link org.deeplearning4j.optimize.api.TrainingListener} that makes a sick training run visible.
 * It logs one SLF4J warning, naming the iteration, the first time it sees each {@link TrainingProblem}:
 * <ul>
 *   <li>{@link TrainingProblem#EMBEDDING_COLLAPSE}: every row that reaches the output (loss) layer is the
 *       same, within {@link Builder#collapseTolerance(double) a relative tolerance} (the merged
 *       {@code [x1 | x2]} of a Siamese graph, the {@code [B, D]} embeddings of a single-input graph);</li>
 *   <li>{@link TrainingProblem#NON_FINITE_SCORE}: the score after an iteration is NaN or ±Inf;</li>
 *   <li>{@link TrainingProblem#ZERO_GRADIENT}: the gradient of every parameter is exactly 0 for
 *       {@link Builder#zeroGradientIterations(int) N iterations} in a row (a collapsed tower under a margin
 *       loss scores the margin with a zero gradient, so nothing ever moves it).</li>
 * </ul>
 * It never stops training itself; the caller decides, e.g. with {@link #scoreNonFinite()} after each
 * {@code fit}. Works for {@link org.deeplearning4j.nn.multilayer.MultiLayerNetwork} and
 * {@link ComputationGraph}:
 * <pre>
 * EmbeddingHealthListener health = EmbeddingHealthListener.builder().build();
 * net.addListeners(health);
 * net.fit(batch);
 * if (health.scoreNonFinite()) { ... stop ... }
 * </pre>
 * <b>Cost.</b> Per iteration: reading the score (a stored double) and one max-abs reduction over the
 * flattened gradient (one pass over the parameter count, which the backward pass already exceeds by a
 * factor of the batch size). Every {@code collapseCheckEvery} iterations: two reductions over the output
 * layer's input {@code [B, W]} (no copy). A check stops running once its problem has been reported.
 * Measured on the example trainer's CNN (546k parameters, batches of 80, 256-d embeddings, one OpenMP
 * thread, 2-core machine): about 1 ms for the gradient check and 1 ms for a collapse check, against 1–2 s
 * per training iteration.
 * <p>
 * One listener watches one model; it is not meant to be shared between threads or models.
 */
public final class EmbeddingHealthListener extends BaseTrainingListener {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingHealthListener.class);

    private final int collapseCheckEvery;
    private final double collapseTolerance;
    private final int zeroGradientIterations;

    private final Map<TrainingProblem, HealthWarning> seen = new EnumMap<>(TrainingProblem.class);
    private final List<HealthWarning> inOrder = new ArrayList<>();
    private int zeroGradientRun;
    private int zeroGradientSince;
    private double lastSpread = Double.NaN;

    private EmbeddingHealthListener(Builder b) {
        this.collapseCheckEvery = b.collapseCheckEvery;
        this.collapseTolerance = b.collapseTolerance;
        this.zeroGradientIterations = b.zeroGradientIterations;
    }

    /** @return a builder with the default settings */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether some iteration ended with a NaN or infinite score: the run diverged and should stop. */
    public synchronized boolean scoreNonFinite() {
        return seen.containsKey(TrainingProblem.NON_FINITE_SCORE);
    }

    /** The warning logged for {@code problem}, if it was seen. */
    public synchronized Optional<HealthWarning> warning(TrainingProblem problem) {
        return Optional.ofNullable(seen.get(problem));
    }

    /** Every warning logged so far, in the order they were logged (at most one per problem). */
    public synchronized List<HealthWarning> warnings() {
        return new ArrayList<>(inOrder);
    }

    /**
     * The relative spread of the output layer's input at the last collapse check (0 = every row the same,
     * up to 1; see {@link Builder#collapseTolerance(double)}), NaN before the first check.
     */
    public synchronized double lastEmbeddingSpread() {
        return lastSpread;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        if (collapseCheckDue(model)) {
            checkCollapse(model, OutputLayerInputs.of(activations));
        }
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        if (model instanceof ComputationGraph && collapseCheckDue(model)) {
            checkCollapse(model, OutputLayerInputs.of((ComputationGraph) model, activations));
        }
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (zeroGradientIterations == 0 || isSeen(TrainingProblem.ZERO_GRADIENT)) {
            return;
        }
        Gradient gradient = model.gradient();
        INDArray flat = gradient == null ? null : gradient.gradient();
        if (flat == null || flat.length() == 0) {
            return;
        }
        double largest;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            largest = flat.amaxNumber().doubleValue();
        }
        int iteration = BaseOptimizer.getIterationCount(model);
        synchronized (this) {
            if (largest != 0) {
                zeroGradientRun = 0;
                return;
            }
            if (zeroGradientRun++ == 0) {
                zeroGradientSince = iteration;
            }
            if (zeroGradientRun >= zeroGradientIterations) {
                report(TrainingProblem.ZERO_GRADIENT, iteration, BaseOptimizer.getEpochCount(model), String.format(
                        "gradient all zero for %d iterations in a row at iteration %d (epoch %d, zero since iteration %d): "
                                + "no parameter is learning; typical causes are collapsed embeddings, dead ReLUs, or a "
                                + "loss every example already satisfies",
                        zeroGradientRun, iteration, BaseOptimizer.getEpochCount(model), zeroGradientSince));
            }
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        double score = model.score();
        if (!Double.isFinite(score) && !isSeen(TrainingProblem.NON_FINITE_SCORE)) {
            report(TrainingProblem.NON_FINITE_SCORE, iteration, epoch, String.format(
                    "score is %s at iteration %d (epoch %d): training diverged; lower the learning rate, or look for "
                            + "NaN/Inf in the inputs", score, iteration, epoch));
        }
    }

    private boolean collapseCheckDue(Model model) {
        return collapseCheckEvery > 0 && !isSeen(TrainingProblem.EMBEDDING_COLLAPSE)
                && BaseOptimizer.getIterationCount(model) % collapseCheckEvery == 0;
    }

    private void checkCollapse(Model model, Map<String, INDArray> outputLayerInputs) {
        for (Map.Entry<String, INDArray> e : outputLayerInputs.entrySet()) {
            double spread = EmbeddingSpread.of(e.getValue());
            if (Double.isNaN(spread)) {
                continue;   // fewer than 2 rows, or non-finite values (the score check reports those)
            }
            synchronized (this) {
                lastSpread = spread;
            }
            if (spread <= collapseTolerance) {
                int iteration = BaseOptimizer.getIterationCount(model);
                int epoch = BaseOptimizer.getEpochCount(model);
                report(TrainingProblem.EMBEDDING_COLLAPSE, iteration, epoch, String.format(
                        "embeddings collapsed at iteration %d (epoch %d): the %s receives the same row for all %d "
                                + "examples of the batch (relative spread %.1e <= %.1e); the tower maps every input "
                                + "to one point; typical causes are dead ReLUs or too high a learning rate",
                        iteration, epoch, e.getKey(), e.getValue().size(0), spread, collapseTolerance));
                return;
            }
        }
    }

    private synchronized boolean isSeen(TrainingProblem problem) {
        return seen.containsKey(problem);
    }

    private synchronized void report(TrainingProblem problem, int iteration, int epoch, String message) {
        if (seen.containsKey(problem)) {
            return;
        }
        HealthWarning warning = new HealthWarning(problem, iteration, epoch, message);
        seen.put(problem, warning);
        inOrder.add(warning);
        log.warn(message);
    }

    @Override
    public String toString() {
        return "EmbeddingHealthListener(collapseCheckEvery=" + collapseCheckEvery + ", collapseTolerance="
                + collapseTolerance + ", zeroGradientIterations=" + zeroGradientIterations + ")";
    }

    /** Thresholds, each with a default that suits a freshly initialised or training embedding network. */
    public static final class Builder {
        private int collapseCheckEvery = 10;
        private double collapseTolerance = 1e-4;
        private int zeroGradientIterations = 5;

        private Builder() {
        }

        /**
         * Check for collapse at iterations divisible by {@code n} (default 10; iteration 0 is always checked);
         * 0 turns the check off.
         */
        public Builder collapseCheckEvery(int n) {
            this.collapseCheckEvery = countOrOff("collapseCheckEvery", n);
            return this;
        }

        /**
         * Collapse is a relative spread {@code sqrt(mean_j var_i x[i,j]) / sqrt(mean x²)} of the output layer's
         * input at most this (default 1e-4, in [0, 1)): 0 when all rows are equal, about 1 for independent
         * random rows, whatever the scale of the embeddings.
         */
        public Builder collapseTolerance(double tolerance) {
            if (!(tolerance >= 0 && tolerance < 1)) {
                throw new IllegalArgumentException("EmbeddingHealthListener: expected collapseTolerance in [0, 1), got "
                        + tolerance);
            }
            this.collapseTolerance = tolerance;
            return this;
        }

        /** Warn when the gradient is exactly zero for this many iterations in a row (default 5); 0 turns the check off. */
        public Builder zeroGradientIterations(int n) {
            this.zeroGradientIterations = countOrOff("zeroGradientIterations", n);
            return this;
        }

        private static int countOrOff(String setting, int n) {
            if (n < 0) {
                throw new IllegalArgumentException("EmbeddingHealthListener: expected " + setting + " >= 0 (0 = off), got " + n);
            }
            return n;
        }

        /** @return the listener with this builder's settings */
        public EmbeddingHealthListener build() {
            return new EmbeddingHealthListener(this);
        }
    }
}
