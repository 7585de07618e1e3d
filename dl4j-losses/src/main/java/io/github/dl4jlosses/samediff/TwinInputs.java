package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;

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
}
