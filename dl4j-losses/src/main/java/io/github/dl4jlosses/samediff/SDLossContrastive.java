package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossInputs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

import java.util.Objects;

/**
 * SameDiff twin of {@link LossContrastive}: {@code s·relu(d − m_pos)² + (1 − s)·relu(m_neg − d)²} on
 * preOutput {@code [B, 2D] = [x1 | x2]} with {@code [B,1]} pair labels of 0/1, defined by
 * {@link SDTupleLosses#contrastive} and differentiated by SameDiff. Same options, defaults and
 * input checks as {@link LossContrastive}: the twin holds the {@link LossContrastive} it mirrors and reads
 * its options from it.
 */
public class SDLossContrastive extends SameDiffRankingLoss {
    private static final String NAME = "SDLossContrastive";

    /** The analytic loss mirrored; its options are serialized as this twin's own properties. */
    @JsonUnwrapped
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private LossContrastive loss = new LossContrastive();

    /** The defaults of {@link LossContrastive}. */
    public SDLossContrastive() {
    }

    private SDLossContrastive(LossContrastive loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** The twin of {@code loss}, with the same options. */
    public static SDLossContrastive of(LossContrastive loss) {
        return new SDLossContrastive(loss);
    }

    @Override
    public int branches() {
        return 2;
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 2);
        return SDTupleLosses.contrastive(sd, name, branches[0], branches[1], labels, getDistance(), getSimilarLabel(),
                getMarginPositive(), getMarginNegative());
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(NAME, preOutput, 2, "[x1 | x2]");
        LossInputs.requireColumnLabels(NAME, labels, preOutput);
        LossInputs.requireBinaryLabels(NAME, labels, getSimilarLabel());
    }

    /** @return the {@code distance} option */
    public Distance getDistance() {
        return loss.getDistance();
    }

    /** @return the {@code similarLabel} option */
    public int getSimilarLabel() {
        return loss.getSimilarLabel();
    }

    /** @return the {@code marginPositive} option */
    public double getMarginPositive() {
        return loss.getMarginPositive();
    }

    /** @return the {@code marginNegative} option */
    public double getMarginNegative() {
        return loss.getMarginNegative();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected LossContrastive mirrored() {
        return loss;
    }

    /** Builder; unset options keep the defaults of {@link LossContrastive}. */
    public static final class Builder extends LossContrastive.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossContrastive build() {
            return new SDLossContrastive(toLoss(NAME));
        }
    }
}
