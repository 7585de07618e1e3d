package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Input checks of the SameDiff twins that {@link io.github.dl4jlosses.loss.LossInputs} does not have. */
final class TwinInputs {
    private TwinInputs() {
    }

    /** {@code define} was given exactly {@code expected} branch variables. */
    static void requireBranches(String loss, SDVariable[] branches, int expected) {
        int got = branches == null ? 0 : branches.length;
        if (got != expected) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected %d branch embeddings, got %d", loss, expected, got));
        }
        for (int i = 0; i < got; i++) {
            if (branches[i] == null) {
                throw new IllegalArgumentException(loss + ": expected branch " + i + " to be a variable, got null");
            }
        }
    }

    /** Every label is exactly 0 or 1 (anything else would silently blend the two contrastive terms). */
    static void requireBinaryLabels(String loss, INDArray labels, int similarLabel) {
        double[] values = labels.dup().reshape(labels.length()).toDoubleVector();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v != 0.0 && v != 1.0) {
                throw new IllegalArgumentException(String.format(
                        "%s: expected pair labels of 0 or 1 (similarLabel=%d marks a similar pair), got %s at row %d",
                        loss, similarLabel, v, i));
            }
        }
    }
}
