package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.FrameIter;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ops.OpContext;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The SameDiff session of one {@link LossGraph} on one thread: SameDiff's own {@link InferenceSession}, allocating from
 * the graph's {@link GraphArrays}, that works out which ops a set of requested outputs needs once instead of on
 * every call.
 * <p>
 * In ND4J 1.0.0-M2.1 {@code AbstractSession.output} rebuilds that subgraph on every call, walking the graph from the
 * outputs and matching each variable name against a regular expression ({@code VariableUtils.stripVarSuffix}
 * compiles {@code ".*:\\d+"} for every name it sees, several times per variable): 15–20% of the contrastive twin's
 * time at [1024,512]. A loss graph never changes once built and always asks for the same outputs, so the
 * subgraph of a request is computed by SameDiff the first time and restored afterwards.
 * <p>
 * While a {@link GraphPlan.Recording} is set, each op the session executes is recorded for a {@link GraphPlan}.
 */
final class GraphSession extends InferenceSession {
    private Set<String> request;
    private Set<String> variables;
    private Set<String> ops;
    private Set<String> zeroInputOps;
    private GraphPlan.Recording recording;

    GraphSession(SameDiff graph, GraphArrays arrays) {
        super(graph);
        setMmgr(arrays);
    }

    @Override
    protected void initSubgraph(Set<String> requested) {
        if (requested.equals(request)) {
            subgraph.addAll(variables);         // output() cleared both sets before calling this
            subgraphOps.addAll(ops);
            zeroInputOpsInSubgraph.addAll(zeroInputOps);
            return;
        }
        super.initSubgraph(requested);
        request = new LinkedHashSet<>(requested);
        variables = new LinkedHashSet<>(subgraph);
        ops = new LinkedHashSet<>(subgraphOps);
        zeroInputOps = new LinkedHashSet<>(zeroInputOpsInSubgraph);
    }

    /** Records the ops of the calls from now on into {@code r} (null: records nothing). */
    void record(GraphPlan.Recording r) {
        recording = r;
    }

    @Override
    public ExecutionResult doExec(DifferentialFunction op, OpContext opContext, FrameIter outputFrameIter,
                                  Set<VarId> opInputs, Set<VarId> allIterInputs, Set<String> constAndPhInputs,
                                  Map<String, SDValue> otherPlaceHolders) {
        ExecutionResult r = super.doExec(op, opContext, outputFrameIter, opInputs, allIterInputs, constAndPhInputs,
                otherPlaceHolders);
        if (recording != null) {
            recording.executed(op, opContext);
        }
        return r;
    }
}
