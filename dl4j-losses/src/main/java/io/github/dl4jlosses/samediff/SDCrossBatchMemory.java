package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.CrossBatchMemory;
import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.mining.PositiveSlots;
import io.github.dl4jlosses.mining.ReferenceMemory;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.Map;

/**
 * SameDiff twin of {@link CrossBatchMemory}: the wrapped loss's graph on the batch's rows (the anchors) against
 * the references {@code [batch; remembered rows]}, which enter the graph as placeholders (constants for autodiff,
 * as the analytic loss's detached memory). The memory is kept in Java between calls exactly as the analytic loss
 * keeps it (stored after a gradient call, the newest {@code memorySize} rows, emptied on a new data type or
 * width); it is not part of the configuration. The wrapped loss must mine as its own options say (no
 * {@code miner} option), since its twin mines in the graph.
 * <p>
 * {@link #define}, for graphs users build themselves, has no memory: it compares the batch with a detached copy
 * of itself.
 */
public class SDCrossBatchMemory extends SDTwin<CrossBatchMemory> {
    static final String REFERENCES = "xbmReferences";
    static final String REFERENCE_IDS = "xbmReferenceIds";
    static final String SLOT_INDEX = "xbmSlotIndex";
    static final String SLOT_VALID = "xbmSlotValid";

    /** The remembered rows: not configuration (transient, created on first use). */
    private transient ReferenceMemory memory;

    /** The defaults of {@link CrossBatchMemory}. */
    public SDCrossBatchMemory() {
        super(new CrossBatchMemory());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDCrossBatchMemory(CrossBatchMemory loss) {
        super(loss);
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        SDLabelledBatchLoss.requireMinedInGraph(name(), loss.getLoss());
        super.validate(labels, preOutput);
    }

    /** Class ids {@code [B,1]} of the rows the graph sees. */
    @Override
    protected INDArray graphLabels(INDArray labels, long rows) {
        return ClassLabels.classIdsUnchecked(labels);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(name(), branches, 1);
        SDVariable q = branches[0];
        return inner().definePairs(sd, name, d -> SDPairs.againstDetachedSelf(sd, d, q, labels), null, null);
    }

    @Override
    protected SDVariable defineGraphLoss(SameDiff sd, SDVariable layerInput, SDVariable graphLabels) {
        SDVariable references = sd.placeHolder(REFERENCES, layerInput.dataType(), -1, -1);
        SDVariable referenceIds = sd.placeHolder(REFERENCE_IDS, DataType.DOUBLE, -1, 1);
        SDVariable slotIndex = null;
        SDVariable slotValid = null;
        if (usesSlots()) {
            slotIndex = sd.placeHolder(SLOT_INDEX, DataType.DOUBLE, -1, -1);
            slotValid = sd.placeHolder(SLOT_VALID, DataType.DOUBLE, -1, -1);
        }
        return inner().definePairs(sd, null,
                d -> SDPairs.against(sd, d, layerInput, graphLabels, references, referenceIds), slotIndex, slotValid)
                .perExample();
    }

    /** The twin of the wrapped loss, whose graph runs on queries against references. */
    private SDLabelledBatchLoss<?> inner() {
        return (SDLabelledBatchLoss<?>) SameDiffTwins.of(loss.getLoss());
    }

    /** The triplet loss's ALL and SEMI_HARD need the positive-slot table of queries among references. */
    private boolean usesSlots() {
        return inner().usesSlots();
    }

    @Override
    protected INDArray[] evaluate(DataType type, INDArray out, INDArray graphLabels, INDArray mask,
                                  boolean withGradient) {
        synchronized (this) {
            if (memory == null) {
                memory = new ReferenceMemory();
            }
            return memory.compute(out, graphLabels, loss.get(CrossBatchMemory.MEMORY_SIZE), withGradient,
                    (references, referenceIds) -> {
                Map<String, INDArray> extra = new HashMap<>();
                extra.put(REFERENCES, references);         // LossGraph feeds the graph copies
                extra.put(REFERENCE_IDS, referenceIds);
                if (usesSlots()) {
                    INDArray[] slots = SDLabelledBatchLosses.slotTable(PositiveSlots.of(graphLabels, referenceIds),
                            out.rows());
                    extra.put(SLOT_INDEX, slots[0]);
                    extra.put(SLOT_VALID, slots[1]);
                }
                return runGraph(type, out, graphLabels, mask, extra, withGradient);
            });
        }
    }

    /** Number of rows remembered now (for tests and monitoring). */
    public synchronized int rowsInMemory() {
        return memory == null ? 0 : memory.rows();
    }

    /** Empties the memory. */
    public synchronized void clearMemory() {
        if (memory != null) {
            memory.clear();
        }
    }
}
