package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossSupCon;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff twin of {@link LossSupCon}: the supervised contrastive loss on a labelled batch, defined by
 * {@link SDPairWeightedLosses#supCon} and differentiated by SameDiff. Same options, defaults and input checks as
 * {@link LossSupCon}: the twin holds the {@link LossSupCon} it mirrors and reads its options from it.
 */
public class SDLossSupCon extends SDLabelledBatchLoss<LossSupCon> {
    private static final String NAME = "SDLossSupCon";

    /** The defaults of {@link LossSupCon}. */
    public SDLossSupCon() {
        super(new LossSupCon());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossSupCon(LossSupCon loss) {
        super(loss);
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDPairWeightedLosses.supCon(sd, name, branches[0], labels, loss.getTemperature());
    }

    /** Builder; unset options keep the defaults of {@link LossSupCon}. */
    public static final class Builder extends LossSupCon.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossSupCon build() {
            return new SDLossSupCon(toLoss(NAME));
        }
    }
}
