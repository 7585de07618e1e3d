package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.DoubleSupplier;

/**
 * The workspace a loss call opens for its temporaries when its caller has none open — a user scoring a batch,
 * an evaluation loop — so that, as inside DL4J's training workspaces, every temporary is bump-allocated from one
 * learned block instead of being allocated, tracked and freed one by one (the cost that made the losses several
 * times slower outside a workspace than inside one).
 * <p>
 * One workspace per thread, cyclic: it learns its size on the first call, rewinds when the call's scope closes,
 * and grows (once, at the next call) when a larger batch spills. Results must leave it detached
 * ({@code INDArray.detach()}). The memory stays reserved by the thread between calls, like DL4J's own workspaces;
 * {@link #destroy()} gives it back.
 */
public final class CallWorkspace {
    private CallWorkspace() {
    }

    /** Workspace id; distinct from DL4J's own workspace names. */
    public static final String ID = "DL4JLOSSES_CALL";

    /**
     * Cyclic, learning its size on the first loop, rewound when its scope closes, growing once after a spill: the
     * configuration of this workspace and of the mining loops' block workspace.
     */
    public static final WorkspaceConfiguration CYCLIC = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.1)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    /** True when the calling thread has a workspace open (then a loss computes in it, as DL4J's own losses do). */
    public static boolean callerHasOne() {
        return Nd4j.getWorkspaceManager().anyWorkspaceActiveForCurrentThread();
    }

    /** Opens (activates) this thread's call workspace; close it when the call is done. */
    public static MemoryWorkspace open() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CYCLIC, ID);
    }

    /**
     * A new, uninitialized array for what a loss call returns: when this thread's call workspace is the one open (the
     * caller had none) it is allocated outside every workspace, so the call hands it over as it is instead of copying
     * it out ({@code INDArray.detach()} returns an array that is not attached unchanged); in a caller's workspace it
     * is allocated there, as every temporary. Only for the array a call returns itself, not a view of it: the caller
     * frees it with {@code close()}, which frees nothing through a view.
     */
    public static INDArray result(DataType type, long... shape) {
        MemoryWorkspace current = Nd4j.getMemoryManager().getCurrentWorkspace();
        if (current == null || !ID.equals(current.getId())) {
            return Nd4j.createUninitialized(type, shape);
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(type, shape);
        }
    }

    /** Runs {@code checks} (whose temporaries do not outlive it) in the caller's workspace, or else in this one. */
    public static void run(Runnable checks) {
        number(() -> {
            checks.run();
            return 0;
        });
    }

    /** Computes a number (whose temporaries do not outlive it) in the caller's workspace, or else in this one. */
    public static double number(DoubleSupplier computation) {
        if (callerHasOne()) {
            return computation.getAsDouble();
        }
        try (MemoryWorkspace ignored = open()) {
            return computation.getAsDouble();
        }
    }

    /** Frees this thread's call workspace (it is made again by the next call without a workspace). */
    public static void destroy() {
        if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(ID)) {
            Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(ID));
        }
    }
}
