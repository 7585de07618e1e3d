package io.github.dl4jlosses.mining;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * No mining: every positive and every negative pair of each anchor that has both (for the triplet loss,
 * every valid triplet — "batch all").
 */
public final class AllPairsMiner extends MinerValue {
    private static final long serialVersionUID = 1L;

    /** The miner (it has no parameters). */
    public AllPairsMiner() {
    }

    @Override
    public Mined mine(LabelledDistances batch) {
        INDArray valid = Selection.rowHasAny(batch.positives).muli(Selection.rowHasAny(batch.negatives));
        long kept = valid.sumNumber().longValue();
        return Mined.pairs(Selection.keepRows(batch.positives, valid, kept),
                Selection.keepRows(batch.negatives, valid, kept),
                batch.positiveSlots());   // an anchor left out has no negative: its slots form no triplet
    }

    @Override
    Object[] parameters() {
        return new Object[0];
    }
}
