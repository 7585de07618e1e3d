package io.github.dl4jlosses.benchmarks;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The workspace a benchmarked loss call runs in. DL4J calls a loss inside its layer workspaces during
 * {@code fit}, so temporaries are bump-allocated from a learned block rather than malloc'ed and
 * garbage-collected one by one; benchmarks mimic that with a workspace configured as DL4J's training
 * workspaces are (learn the size on the first loop, reset per iteration).
 */
public final class Workspaces {
    private static final WorkspaceConfiguration TRAINING_LIKE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private Workspaces() {
    }

    /** Opens (and activates) the benchmark workspace; close it to reset. */
    public static MemoryWorkspace open() {
        return open("DL4J_LOSSES_BENCH");
    }

    /**
     * Opens (and activates) a workspace of the same configuration under its own name, which learns its own size: for
     * callers that take turns in one thread with different footprints ({@link LossCall}).
     */
    public static MemoryWorkspace open(String name) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(TRAINING_LIKE, name);
    }
}
