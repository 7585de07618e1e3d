package io.github.dl4jlosses.data;

/** How a class-balanced batch carries its labels. */
public enum LabelFormat {
    /** {@code [B,1]} class ids, what {@code LossBatchTriplet} and {@code LossMultiSimilarity} take. */
    CLASS_IDS,
    /** {@code [B,C]} one-hot rows, C = the source's label width (or the largest class id + 1 for id labels). */
    ONE_HOT
}
