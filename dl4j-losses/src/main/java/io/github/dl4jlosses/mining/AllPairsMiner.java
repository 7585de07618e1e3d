package io.github.dl4jlosses.mining;

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
        // the anchors with both; one left out has no negative, so its slots form no triplet
        return Mined.allPairsOf(batch);
    }

    @Override
    Object[] parameters() {
        return new Object[0];
    }
}
