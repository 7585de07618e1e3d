package io.github.dl4jlosses.backendtests;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What a loss is called with: preOutput, labels and an optional per-example mask (null when absent). */
public final class CaseInputs {
    /** {@code [B, width]} network output before the activation. */
    public final INDArray preOutput;
    /** Labels as the loss expects them ({@code [B,1]} or one-hot {@code [B,C]}). */
    public final INDArray labels;
    /** {@code [B,1]} of 0/1, or null. */
    public final INDArray mask;

    public CaseInputs(INDArray preOutput, INDArray labels, INDArray mask) {
        this.preOutput = preOutput;
        this.labels = labels;
        this.mask = mask;
    }

    /** The same inputs with preOutput replaced (labels and mask are kept). */
    public CaseInputs withPreOutput(INDArray newPreOutput) {
        return new CaseInputs(newPreOutput, labels, mask);
    }

    /** All three cast to {@code type} (a no-op copy-free cast when the type already matches). */
    public CaseInputs castTo(DataType type) {
        return new CaseInputs(preOutput.castTo(type), labels == null ? null : labels.castTo(type),
                mask == null ? null : mask.castTo(type));
    }
}
