package io.github.dl4jlosses.samediff;

import lombok.AccessLevel;
import lombok.AllArgsConstructor;
import lombok.Getter;
import lombok.experimental.Accessors;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What every SameDiff loss function of this package returns: the per-example loss {@code [B,1]}
 * (named {@code <name>_perExample}) and its mean over the batch, the loss as its paper defines it
 * (named {@code <name>}, a scalar). Mark {@link #loss()} with {@code markAsLoss()} (or pass it to
 * {@code SameDiff.setLossVariables}) to train on it.
 */
@Getter
@Accessors(fluent = true)
@AllArgsConstructor(access = AccessLevel.PACKAGE)
public final class SDLossOutput {
    /** Suffix of the per-example variable's name. */
    public static final String PER_EXAMPLE_SUFFIX = "_perExample";

    /** Per-example contributions {@code [B,1]}; their mean is {@link #loss()}. */
    private final SDVariable perExample;
    /** The reduced (mean) loss, a scalar. */
    private final SDVariable loss;

    /** Names {@code perRow} and its mean after {@code name} (SameDiff picks names when {@code name} is null). */
    static SDLossOutput of(String name, SDVariable perRow) {
        SDVariable per = SDDistance.named(perRow.getSameDiff(), name == null ? null : name + PER_EXAMPLE_SUFFIX, perRow);
        SDVariable mean = name == null ? per.mean() : per.mean(name);
        return new SDLossOutput(per, mean);
    }
}
