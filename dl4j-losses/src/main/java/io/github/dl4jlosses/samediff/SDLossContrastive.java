package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossContrastive;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff twin of {@link LossContrastive}: {@code s·relu(d − m_pos)² + (1 − s)·relu(m_neg − d)²} on
 * preOutput {@code [B, 2D] = [x1 | x2]} with {@code [B,1]} pair labels of 0/1, defined by
 * {@link SDTupleLosses#contrastive} and differentiated by SameDiff. Same options, defaults and
 * input checks as {@link LossContrastive}: the twin holds the {@link LossContrastive} it mirrors and reads
 * its options from it.
 */
public class SDLossContrastive extends SDTwin<LossContrastive> {

    /** The defaults of {@link LossContrastive}. */
    public SDLossContrastive() {
        super(new LossContrastive());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossContrastive(LossContrastive loss) {
        super(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(name(), branches, 2);
        return SDTupleLosses.contrastive(sd, name, branches[0], branches[1], labels,
                loss.get(LossContrastive.DISTANCE), loss.get(LossContrastive.SIMILAR_LABEL),
                loss.get(LossContrastive.MARGIN_POSITIVE), loss.get(LossContrastive.MARGIN_NEGATIVE));
    }
}
