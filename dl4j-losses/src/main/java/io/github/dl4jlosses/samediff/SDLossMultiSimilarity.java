package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossMultiSimilarity;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossMultiSimilarity}: the multi-similarity loss with its pair mining on a
 * labelled batch, defined by {@link SDLabelledBatchLosses#multiSimilarity} and differentiated by SameDiff.
 * Same options, defaults and input checks as {@link LossMultiSimilarity}: the twin holds the
 * {@link LossMultiSimilarity} it mirrors and reads its options from it.
 */
public class SDLossMultiSimilarity extends SDLabelledBatchLoss {
    private static final String NAME = "SDLossMultiSimilarity";

    /** The analytic loss mirrored; its options are serialized as this twin's own properties. */
    @JsonUnwrapped
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private LossMultiSimilarity loss = new LossMultiSimilarity();

    /** The defaults of {@link LossMultiSimilarity}. */
    public SDLossMultiSimilarity() {
    }

    private SDLossMultiSimilarity(LossMultiSimilarity loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossMultiSimilarity of(LossMultiSimilarity loss) {
        return new SDLossMultiSimilarity(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDLabelledBatchLosses.multiSimilarity(sd, name, branches[0], labels, getAlpha(), getBeta(), getLambda(),
                getEpsilon(), isMine());
    }

    /** @return the {@code alpha} option */
    public double getAlpha() {
        return loss.getAlpha();
    }

    /** @return the {@code beta} option */
    public double getBeta() {
        return loss.getBeta();
    }

    /** @return the {@code lambda} option */
    public double getLambda() {
        return loss.getLambda();
    }

    /** @return the {@code epsilon} option */
    public double getEpsilon() {
        return loss.getEpsilon();
    }

    /** @return the {@code mine} option */
    public boolean isMine() {
        return loss.isMine();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected LossMultiSimilarity mirrored() {
        return loss;
    }

    /** Builder; unset options keep the defaults of {@link LossMultiSimilarity}. */
    public static final class Builder extends LossMultiSimilarity.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossMultiSimilarity build() {
            return new SDLossMultiSimilarity(toLoss(NAME));
        }
    }
}
