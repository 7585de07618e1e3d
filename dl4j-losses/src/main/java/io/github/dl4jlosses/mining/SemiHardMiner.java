package io.github.dl4jlosses.mining;

import io.github.dl4jlosses.ops.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Semi-hard negatives (Schroff, Kalenichenko &amp; Philbin 2015, FaceNet) with TensorFlow Addons'
 * {@code triplet_semihard_loss} semantics: one triplet per anchor–positive pair, whose negative is the closest
 * negative farther from the anchor than the positive, or the farthest negative where none is farther. Anchors
 * without a negative have none (TensorFlow Addons would compare them with a distance of 0).
 * <p>
 * Runs over blocks of positive slots ({@link PositiveSlots}): {@code [B, block, M]} temporaries of at most
 * {@link Selection#BLOCK_ELEMENTS} entries, O(B·S·M) work with S the largest number of positives of an anchor.
 */
public final class SemiHardMiner extends MinerValue {
    private static final long serialVersionUID = 1L;

    /** Block budget for tests (runtime tuning, not configuration: not serialized, not compared). */
    private final transient long blockElements;

    /** The miner (it has no parameters). */
    public SemiHardMiner() {
        this(0);
    }

    /**
     * The miner with blocks of at most {@code blockElements} entries (0: {@link Selection#BLOCK_ELEMENTS}): runtime
     * tuning, not configuration (tests use it to run the block loop many times).
     */
    public SemiHardMiner(long blockElements) {
        this.blockElements = blockElements;
    }

    @Override
    public Mined mine(LabelledDistances batch) {
        INDArray d = batch.distances;
        int b = (int) batch.queries();
        int m = (int) batch.references();
        DataType type = d.dataType();
        DataType indexType = Selection.indexType(type);
        Selection.Pick farthest = Selection.max(d, batch.negatives);
        PositiveSlots slots = batch.positiveSlots();
        if (slots.slots == 0) {
            return Mined.none(batch);
        }
        INDArray negative = Nd4j.zeros(indexType, b, slots.slots);
        double big = 2 * d.amaxNumber().doubleValue() + 1;   // beyond every distance: never the minimum
        INDArray dan = d.reshape(b, 1, m);
        INDArray neg3 = batch.negatives.reshape(b, 1, m);
        long budget = blockElements > 0 ? blockElements : Selection.BLOCK_ELEMENTS;
        int block = (int) Selection.blockSize((long) b * m, slots.slots, budget);
        for (int s0 = 0; s0 < slots.slots; s0 += block) {
            int s1 = Math.min(slots.slots, s0 + block);
            PositiveSlots p = slots.slice(s0, s1);
            try (MemoryWorkspace ws = BlockWorkspace.open()) {
                INDArray dap = p.at(d).reshape(b, p.slots, 1);
                // D_an > D_ap  ⇔  D_an − D_ap > 0 (exact for finite floats), among the anchor's negatives
                INDArray beyond = dan.sub(dap).gt(0.0).castTo(type).muli(neg3);                // [B,w,M]
                INDArray shifted = Selection.shiftedOutside(dan, beyond, big);               // exact where beyond
                INDArray has = beyond.sum(2).gt(0.0).castTo(indexType);                          // [B,w]
                INDArray chosen = Nd4j.argMin(shifted, 2).castTo(indexType).reshape(b, p.slots).muli(has)
                        .addi(Broadcast.mulColumn(has.rsub(1.0), farthest.index));
                PositiveSlots.columns(negative, s0, s1).assign(chosen);
            }
        }
        INDArray valid = Broadcast.mulColumn(slots.valid(type), farthest.found);
        return Mined.triplets(new Mined.Triplets(slots.index(indexType), negative, valid), m);
    }

    @Override
    Object[] parameters() {
        return new Object[0];
    }
}
