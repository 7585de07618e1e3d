package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.ops.CallWorkspace;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.SameDiffLoss;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;

/**
 * Base of the SameDiff twins of this library's losses: a loss defined as a SameDiff graph
 * ({@link #define}) and differentiated by SameDiff, usable wherever an {@code ILossFunction} is
 * (a {@code LossLayer}, an {@code OutputLayer}, a {@code ComputationGraph}).
 * <p>
 * It extends DL4J's {@link SameDiffLoss}, so {@link #defineLoss} is the familiar hook, but replaces
 * every computation of it, lifting three limits of {@code SameDiffLoss} in 1.0.0-M2.1:
 * <ul>
 *   <li>labels need not have preOutput's width: ranking losses take {@code [B,1]} labels beside
 *       {@code [B,k·D]} embeddings;</li>
 *   <li>one graph is built per data type (FLOAT, DOUBLE, HALF …), not once for the first call's type (and per
 *       {@linkplain #graphVariant variant}, where a subclass defines several);</li>
 *   <li>graphs are pooled: a thread borrows a graph of its data type, runs it and gives it back, so
 *       threads calling one loss instance at once never share a {@code SameDiff} instance, and at most as
 *       many graphs are built as threads run at once. The inherited {@code sd} field is not used.</li>
 * </ul>
 * Normalisation contract (as the analytic losses): {@link #computeScoreArray} gives per-row
 * contributions {@code [B,1]}; {@link #computeScore} with {@code average} is their mean;
 * {@link #computeGradient} is the gradient of their sum w.r.t. preOutput, passed back through the
 * activation. Masked rows score 0 and get a zero gradient; see {@link #masksRemoveRows()} for the two
 * ways a mask acts. Graphs run outside any DL4J workspace, on arrays each graph reuses from call to call; their
 * results are copied into the caller's workspace, if one is open, as the analytic losses' results are.
 * <p>
 * A subclass supplies its options as Jackson-serializable fields (shaded
 * {@code org.nd4j.shade.jackson} annotations) and a public no-arg constructor, like the analytic losses.
 */
// Getters are not JSON: a twin's options are those of the loss it holds (an unwrapped field), written once.
@JsonAutoDetect(getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public abstract class SameDiffRankingLoss extends SameDiffLoss {

    /** Idle graphs per data type and variant; lazily created, since Java deserialization skips initialisers. */
    private transient volatile ConcurrentMap<LossGraph.Key, Deque<LossGraph>> idle;
    /**
     * Whether graphs built from now on run every call through SameDiff's session instead of replaying repeated calls
     * ({@link GraphPlan}); tests set it for a reference. False by default, so that a copy made by Java
     * deserialization (which leaves transient fields at their defaults) replays as the original does.
     */
    private transient volatile boolean sessionOnly;

    /** For subclasses and JSON deserialization. */
    protected SameDiffRankingLoss() {
    }

    /** Number of {@code [B,D]} blocks preOutput is the concatenation of (1 for a labelled batch). */
    public abstract int branches();

    /**
     * The loss over the branch embeddings, each {@code [B,D]}, and labels (the graph's placeholder of
     * the labels DL4J passes, already in the embeddings' data type).
     *
     * @param name name of the output variables (see {@link SDLossOutput}); may be null
     */
    public abstract SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels);

    /** Checks labels and preOutput before a graph runs; throws {@link IllegalArgumentException}. */
    protected abstract void validate(INDArray labels, INDArray preOutput);

    /**
     * How a per-example mask acts. {@code false} (the default, for losses whose rows are independent):
     * every row is computed and masked rows are zeroed. {@code true} (for losses whose rows are compared
     * with each other): masked rows are removed before the graph runs, the loss is that of the kept
     * {@code V} rows, and their contributions and gradients are scaled by {@code B/V} so that the mean over
     * all {@code B} rows is the sub-batch's loss — the contract of the analytic {@code BatchLoss}.
     */
    protected boolean masksRemoveRows() {
        return false;
    }

    /**
     * The values fed to the graph's DOUBLE {@code labels} placeholder ({@code [B,L]}, any L), made from the
     * labels of the rows the graph sees (masked rows already removed, see {@link #masksRemoveRows()}), so
     * that row indices computed here are those of the graph: by default DL4J's labels cast to DOUBLE, or a
     * zero column when there are none. A subclass may append index bookkeeping computed in Java per call
     * and read it back in {@link #defineGraphLoss}.
     */
    protected INDArray graphLabels(INDArray labels, long rows) {
        return labels == null ? Nd4j.zeros(DataType.DOUBLE, rows, 1) : labels.castTo(DataType.DOUBLE);
    }

    /**
     * The per-example loss {@code [B,1]} of the graph this class runs, whose labels placeholder
     * ({@code graphLabels} here) holds what {@link #graphLabels} returned: by default {@link #defineLoss}. A subclass whose
     * {@code graphLabels} encodes more than the labels decodes it here; {@link #defineLoss} and
     * {@link #define} keep taking plain labels, for graphs users build themselves.
     */
    protected SDVariable defineGraphLoss(SameDiff sd, SDVariable layerInput, SDVariable graphLabels) {
        return defineLoss(sd, layerInput, graphLabels);
    }

    /**
     * Which of this loss's graphs a call runs, from the values {@link #graphLabels} made for it: 0 (the default, one
     * graph), or a small number a subclass defines for a case whose graph can leave ops out (e.g. no class masks for a
     * batch whose rows are each their own class). Graphs are built and pooled per data type and variant.
     */
    protected int graphVariant(INDArray graphLabels) {
        return 0;
    }

    /** The per-example loss of graph {@code variant} ({@link #graphVariant}); by default {@link #defineGraphLoss}'s. */
    protected SDVariable defineGraphLoss(SameDiff sd, SDVariable layerInput, SDVariable graphLabels, int variant) {
        return defineGraphLoss(sd, layerInput, graphLabels);
    }

    /**
     * Per-example loss {@code [B,1]} of the concatenated output {@code layerInput [B, branches()·D]}:
     * splits it into its blocks and applies {@link #define}.
     */
    @Override
    public SDVariable defineLoss(SameDiff sd, SDVariable layerInput, SDVariable labels) {
        int k = branches();
        SDVariable[] blocks = k == 1 ? new SDVariable[]{layerInput} : sd.split(layerInput, k, 1);
        return define(sd, null, blocks, labels).perExample();
    }

    // ------------------------------------------------------------------ ILossFunction

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return score(computeScoreArray(labels, preOutput, activationFn, mask), average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return run(labels, preOutput, activationFn, mask, false)[0];
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return LossInputs.backprop(preOutput, activationFn, run(labels, preOutput, activationFn, mask, true)[1]);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        INDArray[] r = run(labels, preOutput, activationFn, mask, true);
        return Pair.of(score(r[0], average), LossInputs.backprop(preOutput, activationFn, r[1]));
    }

    /** The score of per-row contributions, reduced in the caller's workspace or else in the call workspace. */
    private static double score(INDArray perRow, boolean average) {
        return CallWorkspace.number(() -> LossInputs.score(perRow, average));
    }

    @Override
    public String name() {
        return getClass().getSimpleName();
    }

    /**
     * The analytic loss this twin mirrors and reads its options from, or null (the default) for a loss that
     * mirrors none. When there is one, {@link #equals}, {@link #hashCode} and {@link #toString} derive from it.
     */
    protected ILossFunction mirrored() {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        ILossFunction m = mirrored();
        if (m == null) {
            return super.equals(o);
        }
        return getClass().isInstance(o) && m.equals(((SameDiffRankingLoss) o).mirrored());
    }

    @Override
    public int hashCode() {
        ILossFunction m = mirrored();
        return m == null ? super.hashCode() : Objects.hash(name(), m);
    }

    /** {@link #name()}, followed by the options of the {@link #mirrored()} loss, if any. */
    @Override
    public String toString() {
        ILossFunction m = mirrored();
        return m == null ? name() : name() + m.toString().substring(m.name().length());
    }

    // ------------------------------------------------------------------ machinery

    /** {@code {perExample [B,1], dL/dOutput [B,W] or null}}. */
    private INDArray[] run(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                           boolean withGradient) {
        CallWorkspace.run(() -> checkInputs(labels, preOutput, mask));
        INDArray[] r = runGraphs(labels, preOutput, activationFn, mask, withGradient);
        CallWorkspace.run(() -> LossInputs.requireHalfResultsFinite(name(), preOutput, r[0], r[1]));
        return r;
    }

    private void checkInputs(INDArray labels, INDArray preOutput, INDArray mask) {
        LossInputs.requireMatrix(name(), "preOutput", preOutput);
        LossInputs.requireFloatingPoint(name(), preOutput);
        validate(labels, preOutput);
        LossInputs.requireFinite(name(), "preOutput", preOutput);
        LossInputs.requireExampleMask(name(), mask, preOutput);
        if (preOutput.size(1) == branches()) {
            // ND4J 1.0.0-M2.1's SameDiff fails inside its broadcast backprop (a reduction over a length-1 axis) on
            // several of these graphs when each embedding has width 1: a clear refusal instead of its internal error.
            throw new IllegalArgumentException(String.format("%s: expected embeddings of width >= 2 (the SameDiff"
                    + " twin cannot differentiate width 1 in ND4J 1.0.0-M2.1; the analytic loss can), got preOutput %s",
                    name(), java.util.Arrays.toString(preOutput.shape())));
        }
    }

    /**
     * In the caller's memory scope (its workspace, if one is open, as the analytic losses): the graph itself runs
     * outside any workspace on its own arrays ({@link LossGraph}), and copies its results back into this scope.
     */
    private INDArray[] runGraphs(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                 boolean withGradient) {
        DataType type = preOutput.dataType();
        INDArray out = LossInputs.activate(preOutput, activationFn);   // nothing below writes into it
        long rows = preOutput.size(0);
        if (mask == null) {
            return execute(type, out, graphLabels(labels, rows), Nd4j.ones(type, rows, 1), withGradient);
        }
        INDArray m = mask.reshape(rows, 1).castTo(type);
        if (!masksRemoveRows()) {
            INDArray[] r = execute(type, out, graphLabels(labels, rows), m, withGradient);
            if (withGradient) {
                Broadcast.muliColumn(r[1], m); // masked rows get a zero gradient, as DL4J's own losses
            }
            return r;
        }
        RowSelection kept = RowSelection.of(m);
        if (kept.all()) {
            return execute(type, out, graphLabels(labels, rows), m, withGradient);
        }
        if (kept.size() < 2) {   // as the analytic BatchLoss: nothing left to compare
            return new INDArray[]{Nd4j.zeros(type, rows, 1), withGradient ? Nd4j.zeros(type, out.shape()) : null};
        }
        // graphLabels sees only the kept rows: what it derives from row positions must be the graph's.
        INDArray y = graphLabels(labels == null ? null : kept.gather(labels), kept.size());
        INDArray[] r = execute(type, kept.gather(out), y, Nd4j.ones(type, kept.size(), 1), withGradient);
        double scale = (double) rows / kept.size();
        return new INDArray[]{kept.scatter(r[0]).muli(scale), withGradient ? kept.scatter(r[1]).muli(scale) : null};
    }

    private INDArray[] execute(DataType type, INDArray out, INDArray labels, INDArray mask, boolean withGradient) {
        return evaluate(type, out, labels, mask, withGradient);
    }

    /**
     * Runs the loss graph on the rows it sees (masked rows already removed where {@link #masksRemoveRows()}):
     * {@code {perExample [B,1], dL/dOutput or null}}. By default {@link #runGraph} without extra inputs; a twin
     * with state between calls (a cross-batch memory) overrides it to feed placeholders its graph defined.
     */
    protected INDArray[] evaluate(DataType type, INDArray out, INDArray graphLabels, INDArray mask,
                                  boolean withGradient) {
        return runGraph(type, out, graphLabels, mask, java.util.Collections.emptyMap(), withGradient);
    }

    /** One run of a pooled graph of {@code type}, {@code extra} feeding the placeholders {@link #defineGraphLoss} added. */
    protected final INDArray[] runGraph(DataType type, INDArray out, INDArray graphLabels, INDArray mask,
                                        java.util.Map<String, INDArray> extra, boolean withGradient) {
        LossGraph graph = borrow(new LossGraph.Key(type, graphVariant(graphLabels)));
        try {
            return withGradient ? graph.perExampleAndGradient(out, graphLabels, mask, extra)
                    : new INDArray[]{graph.perExample(out, graphLabels, mask, extra), null};
        } finally {
            release(graph);
        }
    }

    private ConcurrentMap<LossGraph.Key, Deque<LossGraph>> idle() {
        ConcurrentMap<LossGraph.Key, Deque<LossGraph>> m = idle;
        if (m == null) {
            synchronized (this) {
                if (idle == null) {
                    idle = new ConcurrentHashMap<>();
                }
                m = idle;
            }
        }
        return m;
    }

    private LossGraph borrow(LossGraph.Key key) {
        LossGraph g = idle().computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).pollFirst();
        return g != null ? g : LossGraph.build(this, key);
    }

    private void release(LossGraph graph) {
        idle().computeIfAbsent(graph.key, k -> new ConcurrentLinkedDeque<>()).offerFirst(graph);
    }

    boolean replaysGraphs() {
        return !sessionOnly;
    }

    /** Graphs built from now on run every call through SameDiff's session (for tests: the reference of a replay). */
    void sessionOnly() {
        sessionOnly = true;
    }

    /** Calls of this loss's idle graphs that a {@link GraphPlan} ran (for tests). */
    long replayedCalls() {
        return idle().values().stream().flatMap(Deque::stream).mapToLong(LossGraph::replayedCalls).sum();
    }

    /** Number of graphs built so far and now idle, over all data types (for tests and monitoring). */
    int idleGraphs() {
        return idle().values().stream().mapToInt(Deque::size).sum();
    }
}
