package io.github.dl4jlosses.data;

/**
 * What a sampler does with a class that has fewer examples than a batch needs from it (fewer than
 * K for a P×K batch, fewer than two for an anchor-positive pair).
 */
enum SmallClasses {
    /** Refuse with an IllegalArgumentException naming the class, its count and the need (the default). */
    REJECT,
    /** Leave the class out of sampling. */
    DROP,
    /** Keep the class and fill its slots by repeating its examples (sampling with replacement). */
    REPEAT;

    /** The builders' two switches; both on at once is ambiguous and refused. */
    static SmallClasses of(String owner, boolean withReplacement, boolean dropSmallClasses) {
        if (withReplacement && dropSmallClasses) {
            throw new IllegalArgumentException(owner + ": expected at most one of withReplacement(true) and "
                    + "dropSmallClasses(true), got both");
        }
        return withReplacement ? REPEAT : dropSmallClasses ? DROP : REJECT;
    }
}
