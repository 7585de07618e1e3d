package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossTriplet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff twin of {@link LossTriplet}: {@code relu(d(a,p) − d(a,n) + m)} (or the soft margin, or with
 * the distance swap) on preOutput {@code [B, 3D] = [a | p | n]}, labels ignored; defined by
 * {@link SDTupleLosses#triplet} and differentiated by SameDiff. Same options, defaults and input checks
 * as {@link LossTriplet}: the twin holds the {@link LossTriplet} it mirrors and reads its options from it.
 */
public class SDLossTriplet extends SDTwin<LossTriplet> {

    /** The defaults of {@link LossTriplet}. */
    public SDLossTriplet() {
        super(new LossTriplet());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossTriplet(LossTriplet loss) {
        super(loss);
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(name(), branches, 3);
        return SDTupleLosses.triplet(sd, name, branches[0], branches[1], branches[2], loss.get(LossTriplet.MARGIN),
                loss.get(LossTriplet.DISTANCE),
                loss.get(LossTriplet.SWAP), loss.get(LossTriplet.SOFT_MARGIN));
    }
}
