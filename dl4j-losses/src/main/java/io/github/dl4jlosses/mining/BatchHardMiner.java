package io.github.dl4jlosses.mining;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch hard (Hermans, Beyer &amp; Leibe 2017): one triplet per anchor, its farthest positive and its closest
 * negative; anchors lacking either have none. As pytorch-metric-learning's {@code BatchHardMiner}.
 */
public final class BatchHardMiner extends MinerValue {
    private static final long serialVersionUID = 1L;

    /** The miner (it has no parameters). */
    public BatchHardMiner() {
    }

    @Override
    public Mined mine(LabelledDistances batch) {
        Selection.Pick positive = Selection.max(batch.distances, batch.positives);
        Selection.Pick negative = Selection.min(batch.distances, batch.negatives);
        INDArray valid = positive.found.mul(negative.found);
        return Mined.triplets(new Mined.Triplets(positive.index, negative.index, valid), batch.references());
    }

    @Override
    Object[] parameters() {
        return new Object[0];
    }
}
