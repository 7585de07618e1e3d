package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossMultiSimilarity;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff twin of {@link LossMultiSimilarity}: the multi-similarity loss with its pair mining on a
 * labelled batch, defined by {@link SDLabelledBatchLosses#multiSimilarity} and differentiated by SameDiff.
 * Same options, defaults and input checks as {@link LossMultiSimilarity}: the twin holds the
 * {@link LossMultiSimilarity} it mirrors and reads its options from it.
 */
public class SDLossMultiSimilarity extends SDLabelledBatchLoss<LossMultiSimilarity> {
    private static final String NAME = "SDLossMultiSimilarity";

    /** The defaults of {@link LossMultiSimilarity}. */
    public SDLossMultiSimilarity() {
        super(new LossMultiSimilarity());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossMultiSimilarity(LossMultiSimilarity loss) {
        super(loss);
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDLabelledBatchLosses.multiSimilarity(sd, name, branches[0], labels, loss.getAlpha(), loss.getBeta(), loss.getLambda(),
                loss.getEpsilon(), loss.isMine());
    }

    /** Builder; unset options keep the defaults of {@link LossMultiSimilarity}. */
    public static final class Builder extends LossMultiSimilarity.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossMultiSimilarity build() {
            return new SDLossMultiSimilarity(toLoss(NAME));
        }
    }
}
