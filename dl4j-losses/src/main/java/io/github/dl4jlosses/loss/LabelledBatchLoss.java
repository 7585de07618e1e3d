package io.github.dl4jlosses.loss;

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
}
