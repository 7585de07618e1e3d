package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.mining.AnchorPairs;
import io.github.dl4jlosses.mining.ClassLabels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the losses on a labelled batch: preOutput {@code [B, D]} embeddings, labels {@code [B,1]} class
 * ids or one-hot {@code [B,C]} (required). Positives of a row are the other rows of its class, negatives
 * the rows of other classes. At least 2 rows are required.
 */
public abstract class LabelledBatchLoss extends BatchLoss {

    /** A labelled-batch loss with the given, already checked, options. */
    protected LabelledBatchLoss(LossOptions options) {
        super(options);
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireMatrix(name(), "preOutput", preOutput);
        LossInputs.requireInBatchRows(name(), preOutput, "embeddings");
        ClassLabels.classIds(name(), labels, preOutput.size(0));
    }

    /** Class ids {@code [V,1]} (DOUBLE) of labels {@link #validate} has accepted. */
    protected static INDArray classIds(INDArray labels) {
        return ClassLabels.classIdsUnchecked(labels);
    }

    /**
     * Every positive and negative pair of the anchors that have both ({@link AnchorPairs}), masks in
     * {@code out}'s data type; or null, after the degenerate-batch warning, when no anchor has both.
     */
    protected AnchorPairs anchorPairs(INDArray labels, INDArray out) {
        AnchorPairs pairs = AnchorPairs.of(classIds(labels), out.dataType());
        if (pairs.anchors == 0) {
            warnDegenerate("no anchor has both a positive and a negative (" + out.size(0)
                    + " row(s), one class or no repeated class?)" + SCORES_ZERO);
            return null;
        }
        return pairs;
    }
}
