package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossInputs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SameDiff twin of {@link LossContrastive}: {@code s·relu(d − m_pos)² + (1 − s)·relu(m_neg − d)²} on
 * preOutput {@code [B, 2D] = [x1 | x2]} with {@code [B,1]} pair labels of 0/1, defined by
 * {@link SDTupleLosses#contrastive} and differentiated by SameDiff. Same options, defaults and
 * input checks as {@link LossContrastive}: the twin holds the {@link LossContrastive} it mirrors and reads
 * its options from it.
 */
public class SDLossContrastive extends SDTwin<LossContrastive> {
    private static final String NAME = "SDLossContrastive";

    /** The defaults of {@link LossContrastive}. */
    public SDLossContrastive() {
        super(new LossContrastive());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossContrastive(LossContrastive loss) {
        super(loss);
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int branches() {
        return 2;
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 2);
        return SDTupleLosses.contrastive(sd, name, branches[0], branches[1], labels, loss.getDistance(), loss.getSimilarLabel(),
                loss.getMarginPositive(), loss.getMarginNegative());
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(NAME, preOutput, 2, "[x1 | x2]");
        LossInputs.requireColumnLabels(NAME, labels, preOutput);
        LossInputs.requireBinaryLabels(NAME, labels, loss.getSimilarLabel());
    }

    /** Builder; unset options keep the defaults of {@link LossContrastive}. */
    public static final class Builder extends LossContrastive.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossContrastive build() {
            return new SDLossContrastive(toLoss(NAME));
        }
    }
}
