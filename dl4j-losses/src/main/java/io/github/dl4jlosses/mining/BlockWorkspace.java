package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.CallWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A cyclic ND4J workspace for the temporaries of one block of a blocked loop (ALL triplets, semi-hard
 * negatives, scatter): {@code try (MemoryWorkspace ws = BlockWorkspace.open()) { ... }} around each block.
 * <p>
 * Each block's temporaries are released (the workspace rewinds) when the block's scope closes, so a loop of
 * many blocks needs the memory of one block, not of all of them — also when the loss runs inside a DL4J
 * network, whose own workspaces would otherwise keep every block's temporaries until the layer is done.
 * Inside a block, only in-place updates of arrays created outside it ({@code addi}, {@code assign}) may carry
 * results out. The workspace (one per thread) keeps its learned size for the next call.
 */
public final class BlockWorkspace {
    private BlockWorkspace() {
    }

    /** Workspace id; distinct from DL4J's own workspace names. */
    public static final String ID = "DL4JLOSSES_BLOCK_TEMPORARIES";

    /** Opens (activates) the block workspace for the current thread; close it at the end of the block. */
    public static MemoryWorkspace open() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CallWorkspace.CYCLIC, ID);
    }
}
