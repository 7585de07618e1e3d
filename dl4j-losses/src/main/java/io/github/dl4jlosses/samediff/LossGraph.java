package io.github.dl4jlosses.samediff;

import lombok.AccessLevel;
import lombok.AllArgsConstructor;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One built loss graph for one data type, used by one thread at a time (see
 * {@link SameDiffRankingLoss}'s pool): placeholders {@code layerInput [B,W]}, {@code labels [B,L]} (always
 * DOUBLE, so class ids stay exact whatever the data type; what {@code graphLabels} returns) and
 * {@code mask [B,1]}; output {@code perExample = defineGraphLoss(...) ⊙ mask}; loss variable
 * {@code total = Σ perExample}, whose gradient w.r.t. {@code layerInput} SameDiff derives. Calls run through
 * SameDiff's session ({@link GraphSession}) until two in a row have inputs of the same shapes; later calls of those
 * shapes are replayed by a {@link GraphPlan} (see the inner class Replay).
 */
@AllArgsConstructor(access = AccessLevel.PRIVATE)
final class LossGraph {
    static final String INPUT = "layerInput";
    static final String LABELS = "labels";
    static final String MASK = "mask";
    static final String PER_EXAMPLE = "perExample";
    static final String TOTAL = "total";

    /** The name {@code createGradFunction} stores the gradient graph under (SameDiff's {@code GRAD_FN_KEY}). */
    private static final String GRAD_FN = "grad";

    /** The data type and {@linkplain SameDiffRankingLoss#graphVariant variant} a graph is built for: its pool. */
    @lombok.Value
    static class Key {
        DataType dataType;
        int variant;
    }

    final Key key;
    private final SameDiff sd;
    /** The gradient graph SameDiff built from {@code sd}: forward ops and backprop ops in one graph. */
    private final SameDiff gradFn;
    /** Name of {@code d total / d layerInput} in {@link #gradFn}. */
    private final String inputGradient;
    private final boolean usesLabels;
    /** The arrays of both graphs' sessions, reused from call to call (see {@link GraphArrays}). */
    private final GraphArrays arrays = new GraphArrays();
    /** Whether calls may be replayed by a {@link GraphPlan} (the loss's {@code replaysGraphs}, fixed at build). */
    private final boolean replays;
    private final Replay forwardReplay = new Replay();
    private final Replay gradientReplay = new Replay();

    /** {@link #build(SameDiffRankingLoss, Key)} of variant 0. */
    static LossGraph build(SameDiffRankingLoss loss, DataType dataType) {
        return build(loss, new Key(dataType, 0));
    }

    static LossGraph build(SameDiffRankingLoss loss, Key key) {
        DataType dataType = key.getDataType();
        // Out of any workspace: the graph's constants and its ops' own arrays (a reduction's axes) must outlive the
        // caller's workspace, which the first call may be made in.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            SameDiff sd = SameDiff.create();
            SDVariable input = sd.placeHolder(INPUT, dataType, -1, -1);
            SDVariable labels = sd.placeHolder(LABELS, DataType.DOUBLE, -1, -1);
            SDVariable mask = sd.placeHolder(MASK, dataType, -1, 1);
            // every embedding is at least two wide (SameDiffRankingLoss refuses width 1): row sums by reductions
            SDVariable perRow = RowSums.atLeastTwoWide(() -> loss.defineGraphLoss(sd, input, labels, key.getVariant()));
            SDVariable perExample = perRow.mul(PER_EXAMPLE, mask);
            SDVariable total = perExample.sum(TOTAL);
            sd.setLossVariables(total);
            sd.createGradFunction(INPUT);
            return new LossGraph(key, sd, sd.getFunction(GRAD_FN), sd.getVariable(INPUT).getGradient().name(),
                    consumes(sd, LABELS), loss.replaysGraphs());
        }
    }

    /** Whether some op of the graph reads the placeholder (SameDiff rejects values for unused ones). */
    private static boolean consumes(SameDiff sd, String placeholder) {
        List<String> readers = sd.getVariables().get(placeholder).getInputsForOp();
        return readers != null && !readers.isEmpty();
    }

    /**
     * The graph's inputs as given when they are plain 'c'-order arrays: the session only reads them during the call
     * (a workspace array is fine while its workspace is open, which SameDiff checks) and keeps stale references
     * afterwards that no later call reads. Views and other orders go in as copies in arrays of {@link #arrays}, as
     * the graphs were only ever fed 'c'-order copies before.
     */
    private Map<String, INDArray> placeholders(INDArray output, INDArray labels, INDArray mask,
                                               Map<String, INDArray> extra) {
        Map<String, INDArray> m = new HashMap<>();
        extra.forEach((name, value) -> m.put(name, plain(value)));
        m.put(INPUT, plain(output));
        if (usesLabels) {
            m.put(LABELS, plain(labels));
        }
        m.put(MASK, plain(mask));
        return m;
    }

    private INDArray plain(INDArray a) {
        return !a.isView() && a.ordering() == 'c' ? a : arrays.copy(a);
    }

    /** Masked per-example loss {@code [B,1]}; {@code extra} feeds placeholders the loss defined itself. */
    INDArray perExample(INDArray output, INDArray labels, INDArray mask, Map<String, INDArray> extra) {
        return run(sd, output, labels, mask, extra, PER_EXAMPLE)[0];
    }

    /** {@code {perExample [B,1], d(Σ perExample)/d output [B,W]}} in one execution. */
    INDArray[] perExampleAndGradient(INDArray output, INDArray labels, INDArray mask, Map<String, INDArray> extra) {
        // Runs the gradient graph itself rather than through sd.calculateGradientsAndOutputs, which (1.0.0-M2.1)
        // switches the gradient graph's array release off on every call (gradFn.setEnableCache(false)): its session
        // then hands no array back to its memory manager before the call ends, so nothing is reused within a call.
        return run(gradFn, output, labels, mask, extra, PER_EXAMPLE, inputGradient);
    }

    /**
     * One execution of {@code graph} with this graph's arrays; the requested values are copied out (in the caller's
     * memory scope) before the call's arrays are recycled for the next call.
     */
    private INDArray[] run(SameDiff graph, INDArray output, INDArray labels, INDArray mask,
                           Map<String, INDArray> extra, String... names) {
        Replay replay = graph == sd ? forwardReplay : gradientReplay;
        try {
            Map<String, INDArray> r;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                r = replay.call(graph, placeholders(output, labels, mask, extra), names);
            }
            INDArray[] out = new INDArray[names.length];
            for (int i = 0; i < names.length; i++) {
                out[i] = r.get(names[i]).dup();
            }
            return out;
        } finally {
            arrays.recycle();
        }
    }

    /**
     * How one of the two graphs runs: through SameDiff's session until two calls in a row have had placeholders of
     * the same shapes; from then on by the {@link GraphPlan} made from the ops the session executed on the second,
     * whenever the shapes are those again. Calls of other shapes go through the session and leave the plan
     * in place (an epoch's smaller last batch), until two in a row of new shapes make a new plan. A batch size that
     * changes from call to call keeps the session (and its {@link GraphArrays}) rather than making a plan for each.
     */
    private final class Replay {
        private GraphPlan plan;
        private Map<String, String> lastShapes;
        /** Calls the plans ran (for tests). */
        private long replayed;

        Map<String, INDArray> call(SameDiff graph, Map<String, INDArray> in, String... names) {
            Map<String, String> shapes = GraphPlan.signature(in);
            Map<String, INDArray> r;
            if (plan != null && plan.fits(shapes)) {
                r = plan.run(in);
                replayed++;
            } else {
                r = session(graph, in, shapes, names);
            }
            lastShapes = shapes;
            return r;
        }

        private Map<String, INDArray> session(SameDiff graph, Map<String, INDArray> in, Map<String, String> shapes,
                                              String... names) {
            GraphSession session = useArrays(graph);
            // Only the second call in a row of these shapes is recorded: the one a plan is made from.
            GraphPlan.Recording recording = replays && shapes.equals(lastShapes) ? new GraphPlan.Recording() : null;
            session.record(recording);
            Map<String, INDArray> r;
            try {
                r = graph.output(in, (List<Listener>) null, names);
            } finally {
                session.record(null);
            }
            if (recording != null) {
                // The plan of the shapes before is kept until then: an epoch's smaller last batch leaves it in place.
                if (plan != null) {
                    plan.close();
                }
                plan = GraphPlan.of(graph, recording, shapes, new HashSet<>(Arrays.asList(names)));
            }
            return r;
        }
    }

    /** Names of the ops of the gradient graph, forward and backprop (for tests). */
    List<String> gradientOpNames() {
        return gradFn.getOps().values().stream().map(op -> op.getOp().opName()).collect(Collectors.toList());
    }

    /** Shapes of the arrays this graph holds for its calls, its plans' included (for tests). */
    List<long[]> heldShapes() {
        List<long[]> shapes = arrays.heldShapes();
        for (Replay r : new Replay[]{forwardReplay, gradientReplay}) {
            if (r.plan != null) {
                shapes.addAll(r.plan.heldShapes());
            }
        }
        return shapes;
    }

    /** Number of arrays this graph holds for its calls, its plans' included (for tests). */
    int heldArrays() {
        return heldShapes().size();
    }

    /** Number of calls a {@link GraphPlan} ran (for tests). */
    long replayedCalls() {
        return forwardReplay.replayed + gradientReplay.replayed;
    }

    /**
     * The calling thread's session of {@code graph} (sessions are per thread) is a {@link GraphSession} on
     * {@link #arrays}.
     */
    private GraphSession useArrays(SameDiff graph) {
        graph.setEnableCache(true);   // the session releases arrays as soon as no op needs them (see above)
        Map<Long, InferenceSession> sessions = graph.getSessions();
        long thread = Thread.currentThread().getId();
        InferenceSession s = sessions.get(thread);
        if (!(s instanceof GraphSession)) {
            s = new GraphSession(graph, arrays);
            sessions.put(thread, s);
        }
        return (GraphSession) s;
    }
}
