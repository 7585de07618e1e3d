package io.github.dl4jlosses.mining;

import java.util.Arrays;

/**
 * Value semantics for miners: two miners of the same class with equal {@link #parameters()} are equal, and
 * {@code toString} shows the parameters, so that a loss's options compare and print by value.
 */
abstract class MinerValue implements Miner {
    private static final long serialVersionUID = 1L;

    /** The miner's parameters, in a fixed order (empty when it has none). */
    abstract Object[] parameters();

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(parameters(), ((MinerValue) o).parameters());
    }

    @Override
    public final int hashCode() {
        return 31 * getClass().hashCode() + Arrays.hashCode(parameters());
    }

    @Override
    public String toString() {
        String p = Arrays.toString(parameters());
        return getClass().getSimpleName() + "(" + p.substring(1, p.length() - 1) + ")";
    }
}
