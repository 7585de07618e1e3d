package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.custom.Invoke;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.BaseCompatOp;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.api.ops.impl.shape.CreateView;
import org.nd4j.linalg.api.ops.impl.shape.tensorops.BaseTensorOp;
import org.nd4j.linalg.api.ops.impl.transforms.Assert;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.GradientBackwardsMarker;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@link LossGraph} graph's calls for one set of placeholder shapes, replayed op by op: the ops SameDiff's session
 * executed on an earlier call of those shapes ({@link GraphSession} records them), in the same order, each with its
 * output arrays allocated once and its {@link OpContext} filled once, so that a call is the libnd4j kernels and
 * nothing of the session around them.
 * <p>
 * Why: a twin's ops are small (a tuple twin at 512×128: 23–45 ops of 3–120 µs of kernel each), and SameDiff
 * 1.0.0-M2.1 spends about as long again per op on its session's bookkeeping and on libnd4j's output-shape
 * calculation, which for a graph without control flow and inputs of unchanged shapes give the same answers on every
 * call. The graph, its ops and their gradients stay SameDiff's; only the schedule is kept.
 * <p>
 * Arrays: an op's outputs take a buffer of their shape that no later op still reads (liveness worked out once), so a
 * plan holds about the peak of one call, like {@link GraphArrays}. Outputs are aliases where the session passes arrays
 * through ({@code Identity}). A plan is {@linkplain #of made} only from a recording of ops it can replay: plain custom
 * and legacy ops whose axes are constants, writing whole arrays that are not empty; anything else (control flow,
 * assignments, views, assertions) keeps the session.
 * Not thread-safe (one {@link LossGraph} is run by one thread at a time).
 */
final class GraphPlan implements AutoCloseable {
    /** Where a step's input comes from on each call. */
    private interface Source {
        INDArray get(Map<String, INDArray> placeholders);
    }

    /** One op of the plan: its context holds what does not change from call to call. */
    private static final class Step {
        final DifferentialFunction op;
        final OpContext context;
        /** Inputs that change from call to call (placeholders, trainable variables), by input index; null if none. */
        final Map<Integer, Source> dynamic;
        /** A legacy scalar op's scalar input, set on the op before each call as the session does; null if none. */
        final Source scalar;

        Step(DifferentialFunction op, OpContext context, Map<Integer, Source> dynamic, Source scalar) {
            this.op = op;
            this.context = context;
            this.dynamic = dynamic;
            this.scalar = scalar;
        }

        void run(Map<String, INDArray> placeholders) {
            if (dynamic != null) {
                dynamic.forEach((i, s) -> context.setInputArray(i, s.get(placeholders)));
            }
            if (scalar != null) {
                ((ScalarOp) op).setScalar(scalar.get(placeholders));
            }
            if (op instanceof DynamicCustomOp) {
                Nd4j.exec((DynamicCustomOp) op, context);
            } else {
                Nd4j.exec((Op) op, context);
            }
        }
    }

    /** What one session call executed, in order, and the arrays its ops wrote (shape, data type, order). */
    static final class Recording {
        private final List<DifferentialFunction> ops = new ArrayList<>();
        private final Map<String, LongShapeDescriptor> outputs = new HashMap<>();
        private boolean replayable = true;

        void executed(DifferentialFunction op, OpContext context) {
            if (!replayable) {
                return;
            }
            if (!kindReplayable(op) || context == null) {
                replayable = false;
                return;
            }
            ops.add(op);
            if (!isIdentity(op)) {
                String[] names = op.outputVariablesNames();
                List<INDArray> out = context.getOutputArrays();
                if (out == null || out.size() != names.length) {
                    replayable = false;
                    return;
                }
                for (int i = 0; i < names.length; i++) {
                    INDArray a = out.get(i);
                    if (a == null || a.isEmpty() || a.isView()) {
                        replayable = false;
                        return;
                    }
                    outputs.put(names[i], a.shapeDescriptor());
                }
            }
        }
    }

    private final Map<String, String> placeholderShapes;
    private final List<Step> steps;
    private final Map<String, Source> results;
    private final List<INDArray> owned;
    /** Whether every array of the plan holds fewer than {@link SmallOpThreads#ONE_THREAD_BELOW} elements. */
    private final boolean oneThread;

    private GraphPlan(Map<String, String> placeholderShapes, List<Step> steps, Map<String, Source> results,
                      List<INDArray> owned) {
        this.placeholderShapes = placeholderShapes;
        this.steps = steps;
        this.results = results;
        this.owned = owned;
        this.oneThread = SmallOpThreads.oneThreadFor(owned.stream().mapToLong(INDArray::length).max().orElse(0));
    }

    /** Whether this plan was made for placeholders of these {@linkplain #signature shapes}. */
    boolean fits(Map<String, String> shapes) {
        return shapes.equals(placeholderShapes);
    }

    /**
     * One call: the requested outputs, in arrays the next call overwrites. A small plan's call runs on one of libnd4j's
     * threads ({@link SmallOpThreads}).
     */
    Map<String, INDArray> run(Map<String, INDArray> placeholders) {
        return oneThread ? SmallOpThreads.around(() -> runSteps(placeholders)) : runSteps(placeholders);
    }

    private Map<String, INDArray> runSteps(Map<String, INDArray> placeholders) {
        for (Step s : steps) {
            s.run(placeholders);
        }
        Map<String, INDArray> r = new HashMap<>();
        results.forEach((name, source) -> r.put(name, source.get(placeholders)));
        return r;
    }

    /** Shapes of the arrays this plan holds (for tests). */
    List<long[]> heldShapes() {
        List<long[]> shapes = new ArrayList<>();
        owned.forEach(a -> shapes.add(a.shape()));
        return shapes;
    }

    @Override
    public void close() {
        for (Step s : steps) {
            close(s.context);
        }
        for (INDArray a : owned) {
            if (a.closeable()) {
                a.close();
            }
        }
    }

    /**
     * The plan of {@code recording}, a call of {@code graph} on placeholders of {@link #signature} {@code shapes}
     * asking for {@code requested}, or null when the recording holds an op this class does not replay.
     */
    static GraphPlan of(SameDiff graph, Recording recording, Map<String, String> shapes, Set<String> requested) {
        if (!recording.replayable || recording.ops.isEmpty()) {
            return null;
        }
        // Each variable's root: the variable whose array it is (an Identity's output is its input's array).
        Map<String, String> root = new HashMap<>();
        for (DifferentialFunction op : recording.ops) {
            if (isIdentity(op)) {
                String in = op.argNames()[0];
                root.put(op.outputVariablesNames()[0], root.getOrDefault(in, in));
            }
        }
        // The last step that reads each root; requested outputs live to the end.
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < recording.ops.size(); i++) {
            for (String arg : recording.ops.get(i).argNames()) {
                lastUse.put(root.getOrDefault(arg, arg), i);
            }
        }
        for (String name : requested) {
            lastUse.put(root.getOrDefault(name, name), Integer.MAX_VALUE);
        }

        Map<String, INDArray> arrays = new HashMap<>();
        Map<String, Deque<INDArray>> free = new HashMap<>();
        List<INDArray> owned = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < recording.ops.size(); i++) {
            DifferentialFunction op = recording.ops.get(i);
            if (isIdentity(op)) {
                continue;
            }
            String[] args = op.argNames();
            Source[] in = new Source[args.length];
            for (int k = 0; k < args.length; k++) {
                in[k] = source(graph, root.getOrDefault(args[k], args[k]), arrays);
                if (in[k] == null) {
                    return abandon(steps, owned);     // read before written: not the straight line this class replays
                }
            }
            String[] outNames = op.outputVariablesNames();
            INDArray[] out = new INDArray[outNames.length];
            for (int k = 0; k < outNames.length; k++) {
                LongShapeDescriptor d = recording.outputs.get(outNames[k]);
                Deque<INDArray> q = free.get(GraphArrays.key(d.dataType(), d.getOrder(), d.getShape()));
                INDArray a = q == null ? null : q.pollFirst();
                if (a == null) {
                    a = Nd4j.createUninitializedDetached(d.dataType(), d.getOrder(), d.getShape());
                    owned.add(a);
                }
                out[k] = a;
                arrays.put(outNames[k], a);
            }
            Step step = step(op, in, out);
            if (step == null) {
                return abandon(steps, owned);
            }
            steps.add(step);
            // Buffers no later step reads are free for the next steps' outputs (never this step's own).
            Set<String> done = new LinkedHashSet<>();
            for (String arg : args) {
                String r = root.getOrDefault(arg, arg);
                if (lastUse.getOrDefault(r, -1) == i && recording.outputs.containsKey(r)) {
                    done.add(r);
                }
            }
            for (String o : outNames) {
                if (!lastUse.containsKey(o)) {
                    done.add(o);                // written, never read
                }
            }
            for (String r : done) {
                INDArray a = arrays.get(r);
                free.computeIfAbsent(GraphArrays.key(a), x -> new ArrayDeque<>()).offerFirst(a);
            }
        }
        Map<String, Source> results = new HashMap<>();
        for (String name : requested) {
            Source s = source(graph, root.getOrDefault(name, name), arrays);
            if (s == null) {
                return abandon(steps, owned);
            }
            results.put(name, s);
        }
        return new GraphPlan(shapes, steps, results, owned);
    }

    private static void close(OpContext context) {
        try {
            context.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing an op context of a loss graph's plan", e);
        }
    }

    /** Frees what a plan that cannot be made had built: null. */
    private static GraphPlan abandon(List<Step> steps, List<INDArray> owned) {
        new GraphPlan(null, steps, null, owned).close();
        return null;
    }

    /** The step of {@code op} on these inputs and outputs, its constant inputs and outputs set once. */
    private static Step step(DifferentialFunction op, Source[] in, INDArray[] out) {
        OpContext context = Nd4j.getExecutioner().buildContext();
        Map<Integer, Source> dynamic = new HashMap<>();
        Source scalar = null;
        List<Source> inputs = new ArrayList<>(Arrays.asList(in));
        if (op instanceof DynamicCustomOp) {
            DynamicCustomOp c = (DynamicCustomOp) op;
            context.setArgs(null, c.iArgs(), c.dArgs(), c.tArgs(), c.bArgs());
        } else {
            // As InferenceSession: a legacy reduction's second argument is its axes, which the session set on the op
            // on the recorded call (constants only: see Recording); a legacy scalar op's second is also its scalar.
            if (op instanceof ReduceOp && ((ReduceOp) op).getOpType() != Op.Type.REDUCE3 && in.length == 2) {
                if (!(in[1] instanceof Fixed)) {
                    close(context);
                    return null;
                }
                inputs.remove(1);
            } else if (op instanceof ScalarOp && in.length == 2) {
                scalar = in[1];
            }
            if (inputs.size() > 2) {
                close(context);
                return null;
            }
        }
        for (int k = 0; k < inputs.size(); k++) {
            Source s = inputs.get(k);
            if (s instanceof Fixed) {
                context.setInputArray(k, ((Fixed) s).array);
            } else {
                dynamic.put(k, s);
            }
        }
        context.setOutputArrays(out);
        return new Step(op, context, dynamic.isEmpty() ? null : dynamic, scalar);
    }

    /** An array that is the same on every call: a constant or an array of the plan. */
    private static final class Fixed implements Source {
        final INDArray array;

        Fixed(INDArray array) {
            this.array = array;
        }

        @Override
        public INDArray get(Map<String, INDArray> placeholders) {
            return array;
        }
    }

    /** Where {@code name}'s array comes from, or null if no earlier step wrote it and it is no graph input. */
    private static Source source(SameDiff graph, String name, Map<String, INDArray> arrays) {
        INDArray own = arrays.get(name);
        if (own != null) {
            return new Fixed(own);
        }
        SDVariable v = graph.getVariable(name);
        if (v == null) {
            return null;
        }
        if (v.getVariableType() == VariableType.CONSTANT) {
            return new Fixed(v.getArr());
        }
        if (v.getVariableType() == VariableType.PLACEHOLDER) {
            return placeholders -> placeholders.get(name);
        }
        if (v.getVariableType() == VariableType.VARIABLE) {
            return placeholders -> v.getArr();
        }
        return null;
    }

    private static boolean kindReplayable(DifferentialFunction op) {
        return isIdentity(op) || (op instanceof DynamicCustomOp || op instanceof Op) && !isSpecial(op);
    }

    private static boolean isIdentity(DifferentialFunction op) {
        return op instanceof Identity;
    }

    /** Ops InferenceSession treats apart from plain execution (control flow, assertions, views, ...). */
    private static boolean isSpecial(DifferentialFunction op) {
        return op instanceof Assign || op instanceof CreateView || op instanceof Assert || op instanceof Invoke
                || op instanceof ExternalErrorsFunction || op instanceof GradientBackwardsMarker
                || op instanceof BaseCompatOp || op instanceof BaseTensorOp;
    }

    /** Shapes, data types and orders of the placeholders, as one comparable value. */
    static Map<String, String> signature(Map<String, INDArray> placeholders) {
        Map<String, String> s = new HashMap<>();
        placeholders.forEach((name, a) -> s.put(name, GraphArrays.key(a)));
        return s;
    }
}
