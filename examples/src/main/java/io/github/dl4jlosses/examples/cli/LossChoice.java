package io.github.dl4jlosses.examples.cli;

/**
 * The losses the trainer offers, each with the kind of batch it trains on:
 * <ul>
 *   <li>{@code PAIRS}: two-input Siamese graph, 0/1 same-class labels;</li>
 *   <li>{@code TRIPLETS}: three-input Triplet graph;</li>
 *   <li>{@code PAIR_BATCH}: two-input graph on {@code [anchor | positive]} rows from distinct classes,
 *       the other rows' positives being the negatives;</li>
 *   <li>{@code PK_BATCH}: one-input graph on P×K class-balanced batches, mined in the batch;</li>
 *   <li>{@code CLASS_HEAD}: one-input graph ending in a face-recognition head (ArcFace, CosFace, Sub-center
 *       ArcFace, Proxy-Anchor) with learnable class weights, trained on P×K batches of the training classes'
 *       ids; only the tower below the head is kept for verification.</li>
 * </ul>
 */
public enum LossChoice {
    CONTRASTIVE("contrastive", Batches.PAIRS),
    TRIPLET("triplet", Batches.TRIPLETS),
    BATCH_HARD("batch-hard", Batches.PK_BATCH),
    SEMI_HARD("semi-hard", Batches.PK_BATCH),
    GENERALIZED_TRIPLET("generalized-triplet", Batches.PAIR_BATCH),
    NPAIR("npair", Batches.PAIR_BATCH),
    INFONCE("infonce", Batches.PAIR_BATCH),
    MULTI_SIMILARITY("multi-similarity", Batches.PK_BATCH),
    KOCH("koch", Batches.PAIRS),
    ARCFACE("arcface", Batches.CLASS_HEAD),
    COSFACE("cosface", Batches.CLASS_HEAD),
    SUBCENTER_ARCFACE("subcenter-arcface", Batches.CLASS_HEAD),
    PROXY_ANCHOR("proxy-anchor", Batches.CLASS_HEAD);

    /** How the trainer forms a batch for a loss. */
    public enum Batches { PAIRS, TRIPLETS, PAIR_BATCH, PK_BATCH, CLASS_HEAD }

    public final String cliName;
    public final Batches batches;

    LossChoice(String cliName, Batches batches) {
        this.cliName = cliName;
        this.batches = batches;
    }

    /** Whether the loss is a classification head whose class weights are trained with the tower. */
    public boolean isHead() {
        return batches == Batches.CLASS_HEAD;
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** Parses the command-line spelling (e.g. {@code batch-hard}). */
    public static LossChoice parse(String s) {
        for (LossChoice c : values()) {
            if (c.cliName.equalsIgnoreCase(s) || c.name().equalsIgnoreCase(s)) return c;
        }
        StringBuilder names = new StringBuilder();
        for (LossChoice c : values()) names.append(names.length() == 0 ? "" : ", ").append(c.cliName);
        throw new IllegalArgumentException("expected a loss among " + names + ", got '" + s + "'");
    }
}
