package io.github.dl4jlosses.mining;

/**
 * The value of a loss's {@code miner} option when none is given: the loss mines as its own options say
 * (e.g. {@code LossBatchTriplet}'s {@code mining}, {@code LossMultiSimilarity}'s {@code mine} and
 * {@code epsilon}; every pair for the others). A loss resolves it before mining; it picks nothing itself.
 */
public final class DefaultMining extends MinerValue {
    private static final long serialVersionUID = 1L;

    /** The one value (any instance equals it). */
    public static final DefaultMining INSTANCE = new DefaultMining();

    /** Use {@link #INSTANCE}; public for JSON. */
    public DefaultMining() {
    }

    @Override
    Object[] parameters() {
        return new Object[0];
    }

    /** @throws IllegalStateException always: a loss replaces this value by its own mining before mining */
    @Override
    public Mined mine(LabelledDistances batch) {
        throw new IllegalStateException("DefaultMining stands for a loss's own mining and mines nothing itself");
    }
}
