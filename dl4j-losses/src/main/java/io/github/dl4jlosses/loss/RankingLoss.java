package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.PickedPairs;
import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.CallWorkspace;
import io.github.dl4jlosses.ops.Rows;
import lombok.AllArgsConstructor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.common.primitives.Pair;
import org.nd4j.shade.jackson.annotation.JsonAnyGetter;
import org.nd4j.shade.jackson.annotation.JsonAnySetter;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Map;

/**
 * Base of every analytic loss in this library: applies the activation, checks shapes, applies the
 * per-example mask and enforces DL4J's normalisation contract, so that a loss only writes its
 * formula and the gradient of that formula ({@link #forward}).
 * <p>
 * Contract (the same as DL4J's built-in losses):
 * <ul>
 *   <li>{@link #computeScoreArray} returns {@code [B,1]} per-row contributions {@code r_i};</li>
 *   <li>{@link #computeScore} with {@code average=true} is {@code mean_i r_i}, the loss as its paper
 *       defines it for the batch; with {@code average=false} it is {@code Σ_i r_i};</li>
 *   <li>{@link #computeGradient} is {@code d(Σ_i r_i)/d preOutput}, passed back through the activation
 *       (DL4J's updater divides by the minibatch size).</li>
 * </ul>
 * By default masked rows contribute 0 to the score and receive a zero gradient, and the mean still divides
 * by all {@code B} rows, as DL4J's own losses do; losses that compare rows with each other remove masked
 * rows instead ({@link #forwardWithMask}, {@link BatchLoss}).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public abstract class RankingLoss implements ILossFunction {

    /**
     * The loss's configuration. JSON sees each option as a property of the loss ({@link #jsonOptions},
     * {@link #jsonOption}), as DL4J writes a loss's fields; every value that arrives is checked by its {@link Option}.
     * Nothing else of a loss is JSON (no auto-detected getters or fields: see the class's {@code JsonAutoDetect}), so
     * each option is written once.
     */
    @JsonIgnore
    private LossOptions options;

    /** @param schema the loss's options, each at its default (a {@link LossBuilder} or JSON sets them) */
    protected RankingLoss(List<Option<?>> schema) {
        this.options = LossOptions.defaults(name(), schema);
    }

    /** Installs options checked by a {@link LossBuilder}. */
    final void configure(LossOptions checked) {
        this.options = checked;
    }

    /** The loss's name in error messages and {@code toString}: its class's simple name. */
    @Override
    public String name() {
        return getClass().getSimpleName();
    }

    /**
     * How many embeddings a row of preOutput holds, {@code [B, k·D] = [x_1 | … | x_k]}: 1 unless the loss takes
     * tuples or pairs (its SameDiff twin has as many branches).
     */
    public int blocks() {
        return 1;
    }

    /** This loss's configuration. */
    public final LossOptions options() {
        return options;
    }

    /**
     * The value of one of this loss's options, e.g. {@code loss.get(LossTriplet.MARGIN)}: each loss declares its
     * options once, as {@link Option} constants, read here, set by its builder and written to JSON.
     */
    public final <T> T get(Option<T> option) {
        return options.get(option);
    }

    @JsonAnyGetter
    private Map<String, Object> jsonOptions() {
        return options.asJson();
    }

    /** JSON: one option as JSON gives it, checked by its rule (an unknown name is refused, not dropped). */
    @JsonAnySetter
    private void jsonOption(String name, Object value) {
        options = options.with(name, value);
    }

    /** Per-row contributions {@code [B,1]} and, when asked for, {@code d(Σ perRow)/d output}. */
    protected static final class Forward {
        final INDArray perRow;
        final INDArray gradient;
        /**
         * A labelled-batch loss's gradient with respect to its distance matrix given as a few picked entries per row,
         * instead of {@link #gradient} ({@link LabelledBatchLoss} turns it into the gradient with respect to the input).
         */
        final PickedPairs picked;

        /** The per-row scores {@code [B,1]} and the gradient with respect to the loss input (either may be null when not asked for). */
        public Forward(INDArray perRow, INDArray gradient) {
            this(perRow, gradient, null);
        }

        /** The per-row scores {@code [B,1]} and the distance matrix's gradient as picked entries (see {@link #picked}). */
        public static Forward picked(INDArray perRow, PickedPairs picked) {
            return new Forward(perRow, null, picked);
        }

        private Forward(INDArray perRow, INDArray gradient, PickedPairs picked) {
            this.perRow = perRow;
            this.gradient = gradient;
            this.picked = picked;
        }
    }

    /**
     * Checks labels and output; called before anything is computed. Implementations throw
     * {@link IllegalArgumentException} via {@link LossInputs}, naming {@code owner}: this loss, or its SameDiff twin
     * ({@link #checkInputs}).
     */
    protected abstract void validate(String owner, INDArray labels, INDArray output);

    /**
     * The input checks of this loss on labels and preOutput (shapes, label values), with {@code owner} named in
     * their messages: the SameDiff twin runs exactly these.
     *
     * @throws IllegalArgumentException naming {@code owner}, what was expected and what came
     */
    public final void checkInputs(String owner, INDArray labels, INDArray preOutput) {
        validate(owner, labels, preOutput);
    }

    /**
     * The loss formula on activated output {@code [B, width]} (labels already cast to its data type).
     * Returns the per-row contributions and, if {@code withGradient}, the gradient of their sum.
     * Must not write into {@code output} (or views of it): with the identity activation it is the caller's
     * preOutput itself.
     */
    protected abstract Forward forward(INDArray labels, INDArray output, boolean withGradient);

    /**
     * Checks the input and computes per-row contributions and, if asked, {@code d(Σ perRow)/d preOutput} (through
     * the activation). Called with no workspace open, the temporaries live in this thread's {@link CallWorkspace}
     * and the results leave it detached; inside a caller's workspace (DL4J's training), they live in that one.
     */
    private Answer run(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                       boolean withGradient, boolean wantPerRow, Boolean average) {
        if (CallWorkspace.callerHasOne()) {
            return answer(checkedCompute(labels, preOutput, activationFn, mask, withGradient), wantPerRow, average,
                    false);
        }
        // the checks and the score too: outside a workspace even a scalar result costs milliseconds (measured)
        try (MemoryWorkspace ignored = CallWorkspace.open()) {
            return answer(checkedCompute(labels, preOutput, activationFn, mask, withGradient), wantPerRow, average,
                    true);
        }
    }

    /**
     * What the public call asked for: the score ({@code average} non-null) reduced where the arrays live, and only
     * the arrays it returns detached from the call workspace ({@code leave}) — each array that leaves is a fresh
     * allocation outside any workspace.
     */
    private static Answer answer(Forward f, boolean wantPerRow, Boolean average, boolean leave) {
        double score = average == null ? Double.NaN : LossInputs.score(f.perRow, average);
        INDArray perRow = !wantPerRow ? null : leave ? f.perRow.detach() : f.perRow;
        INDArray gradient = f.gradient == null ? null : leave ? f.gradient.detach() : f.gradient;
        return new Answer(perRow, gradient, score);
    }

    /** A public call's results: the per-row scores and the gradient when asked for (else null), the score or NaN. */
    @AllArgsConstructor
    private static final class Answer {
        final INDArray perRow;
        final INDArray gradient;
        final double score;
    }

    private Forward checkedCompute(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                   boolean withGradient) {
        LossInputs.requireMatrix(name(), "preOutput", preOutput);
        LossInputs.requireFloatingPoint(name(), preOutput);
        validate(name(), labels, preOutput);
        if (!(activationFn instanceof ActivationIdentity && checksFinitenessThroughDistances(mask))) {
            LossInputs.requireFinite(name(), "preOutput", preOutput);
        }
        LossInputs.requireExampleMask(name(), mask, preOutput);
        Forward f = compute(labels, preOutput, activationFn, mask, withGradient);
        LossInputs.requireHalfResultsFinite(name(), preOutput, f.perRow, f.gradient);
        return f;
    }

    private Forward compute(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                            boolean withGradient) {
        // the one place every loss's input passes: a view whose rows are apart is copied here, since libnd4j's split
        // (Tuple.split) misreads it
        INDArray in = Rows.withContiguousRows(preOutput);
        Forward f = forwardWithMask(labels, LossInputs.activate(in, activationFn), mask, withGradient);
        return withGradient ? new Forward(f.perRow, replaced(f.gradient,
                LossInputs.backprop(preOutput, activationFn, f.gradient))) : f;
    }

    /**
     * Whether this loss finds non-finite embeddings through the distances it computes between every block of every
     * row ({@link #requireFiniteDistances}) instead of by a pass over preOutput before it computes. Only used with
     * the identity activation, where its output is preOutput itself. A NaN or an infinity in a row makes that row's
     * distances non-finite for every distance (Euclidean and Manhattan propagate it; cosine divides by an infinite
     * or NaN norm), so the two find the same rows; the distances are {@code [B,1]}, preOutput {@code [B, k·D]}: at
     * 1024×512 the pass over preOutput cost 10–17% of a tuple loss (measured), the distances' sum next to nothing.
     * A loss that computes only on the rows a {@code mask} keeps answers false when there is one, so that the rows
     * it removes are checked too.
     */
    protected boolean checksFinitenessThroughDistances(INDArray mask) {
        return false;
    }

    /**
     * For losses that {@link #checksFinitenessThroughDistances}: every row-wise distance computed from
     * {@code output} is finite, else the row of {@code output} that is not (or, if every value is finite, the
     * distances overflowed) is an {@link IllegalArgumentException}.
     */
    protected final void requireFiniteDistances(INDArray output, INDArray... distances) {
        double sum = 0;
        for (INDArray d : distances) {
            sum += d.sumNumber().doubleValue();
        }
        if (!Double.isFinite(sum)) {
            distancesNotFinite(output);
        }
    }

    /** {@link #requireFiniteDistances} for distances (or sums of them) on the heap, one per row. */
    protected final void requireFiniteDistances(INDArray output, double[]... distances) {
        for (double[] d : distances) {
            for (double v : d) {
                if (!Double.isFinite(v)) {
                    distancesNotFinite(output);
                }
            }
        }
    }

    private void distancesNotFinite(INDArray output) {
        LossInputs.requireFinite(name(), "preOutput", output);    // names the row and the value
        throw new IllegalArgumentException(String.format("%s: expected distances within %s's range, but"
                        + " they overflowed (largest |preOutput| is %s); scale the embeddings down%s",
                name(), output.dataType(), output.amaxNumber(),
                output.dataType() == DataType.HALF ? " or use FLOAT" : ""));
    }

    /**
     * How a per-example mask acts. The default suits losses whose rows are independent (pair and tuple
     * families): {@link #forward} runs on every row (labels cast to the output's data type), then masked
     * rows' contributions and gradients are zeroed. Losses whose rows interact (in-batch negatives, mined
     * batches) override this so that a masked row takes no part at all (see {@link BatchLoss}).
     *
     * @param labels labels exactly as DL4J passed them (not cast), possibly null
     * @param output activated output {@code [B, width]}
     * @param mask   per-example mask {@code [B,1]} or {@code [B]} (already validated), or null
     */
    protected Forward forwardWithMask(INDArray labels, INDArray output, INDArray mask, boolean withGradient) {
        INDArray typedLabels = labels == null || labels.dataType() == output.dataType()
                ? labels : labels.castTo(output.dataType());
        Forward f = forward(typedLabels, output, withGradient);
        if (mask == null) {
            return f;
        }
        INDArray m = mask.reshape(mask.length(), 1).castTo(output.dataType());
        INDArray perRow = f.perRow.mul(m);
        INDArray grad = f.gradient == null ? null : replaced(f.gradient, Broadcast.mulColumn(f.gradient, m));
        return new Forward(perRow, grad);
    }

    /**
     * {@code next}, after closing {@code previous} when it is a result allocated outside every workspace
     * ({@link CallWorkspace#result}) that {@code next} replaces: nothing else would free it before the garbage
     * collector does.
     */
    protected static INDArray replaced(INDArray previous, INDArray next) {
        if (previous != null && previous != next && !previous.isView() && !previous.isAttached()) {
            previous.close();
        }
        return next;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return run(labels, preOutput, activationFn, mask, false, false, average).score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return run(labels, preOutput, activationFn, mask, false, true, null).perRow;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return run(labels, preOutput, activationFn, mask, true, false, null).gradient;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask,
                                                          boolean average) {
        Answer a = run(labels, preOutput, activationFn, mask, true, false, average);
        return Pair.of(a.score, a.gradient);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o != null && getClass() == o.getClass() && options.equals(((RankingLoss) o).options));
    }

    @Override
    public int hashCode() {
        return 31 * name().hashCode() + options.hashCode();
    }

    /** {@code Name(option=value, …)}. */
    @Override
    public String toString() {
        return name() + "(" + options + ")";
    }
}
