package io.github.dl4jlosses.loss;

/** Which triplets of a labelled batch {@link LossBatchTriplet} uses. */
public enum TripletMining {
    /**
     * Every valid triplet (a, p, n): p ≠ a of a's class, n of another class; the loss is the mean over the
     * triplets whose loss is positive (pytorch-metric-learning's {@code AvgNonZeroReducer}).
     */
    ALL,
    /**
     * Batch hard (Hermans, Beyer &amp; Leibe 2017): per anchor its farthest positive and closest negative;
     * the mean over anchors that have both.
     */
    HARD,
    /**
     * Semi-hard (Schroff 2015, FaceNet) with TensorFlow Addons' {@code triplet_semihard_loss} semantics: per
     * anchor–positive pair the closest negative farther than the positive, else the farthest negative; the
     * mean over anchor–positive pairs whose anchor has a negative.
     */
    SEMI_HARD
}
