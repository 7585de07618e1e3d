package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.mining.ClassLabels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the SameDiff twins of the labelled-batch losses: preOutput {@code [B, D]} embeddings,
 * {@code B >= 2}, labels {@code [B,1]} class ids or one-hot {@code [B,C]} (required); a mask removes rows
 * ({@link #masksRemoveRows()}). Same input checks as the analytic {@code LabelledBatchLoss}.
 */
public abstract class SDLabelledBatchLoss extends SameDiffRankingLoss {

    @Override
    public final int branches() {
        return 1;
    }

    @Override
    protected final boolean masksRemoveRows() {
        return true;
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireMatrix(name(), "preOutput", preOutput);
        LossInputs.requireInBatchRows(name(), preOutput, "embeddings");
        ClassLabels.classIds(name(), labels, preOutput.size(0));
    }
}
