package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LabelledBatchLoss;
import io.github.dl4jlosses.mining.DefaultMining;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Function;

/**
 * Base of the SameDiff twins of the labelled-batch losses: preOutput {@code [B, D]} embeddings,
 * {@code B >= 2}, labels {@code [B,1]} class ids or one-hot {@code [B,C]} (required); a mask removes rows
 * (as the analytic loss). Same input checks as the analytic {@code LabelledBatchLoss}.
 * <p>
 * A twin mines inside its graph as the loss's own options say (e.g. {@code mining}, {@code mine}); a
 * {@code miner} option set to another {@link io.github.dl4jlosses.mining.Miner} is for the analytic loss, and a
 * twin given one refuses to run (an {@link IllegalArgumentException} naming the miner).
 */
public abstract class SDLabelledBatchLoss<L extends LabelledBatchLoss> extends SDTwin<L> {

    /** The twin of {@code loss}. */
    protected SDLabelledBatchLoss(L loss) {
        super(loss);
    }

    /** The loss on the pairs of one labelled batch {@code branches[0]} ({@code [B, D]}, class {@code labels}). */
    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(name(), branches, 1);
        SDChecks.requireMatrix(name(), "embeddings", branches[0]);
        SDLabelledBatchLosses.requireLabels(name(), labels);
        return definePairs(sd, name, d -> SDPairs.within(sd, d, branches[0], labels), null, null);
    }

    /**
     * The loss's graph on labelled pairs, within a batch or of queries against references
     * ({@link SDCrossBatchMemory}), at the distance the loss chooses.
     *
     * @param slotIndex with {@code slotValid}: the table of each anchor's positives where {@link #usesSlots()}, else
     *                  null (every column a slot)
     */
    abstract SDLossOutput definePairs(SameDiff sd, String name, Function<Distance, SDPairs> pairs,
                                      SDVariable slotIndex, SDVariable slotValid);

    /** Whether {@link #definePairs} wants a positive-slot table (to avoid {@code [B,B,B]} tensors). */
    boolean usesSlots() {
        return false;
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        requireMinedInGraph(name(), loss);
        super.validate(labels, preOutput);
    }

    /** A twin named {@code twin} mines in its graph as {@code loss}'s own options say: no other miner. */
    static void requireMinedInGraph(String twin, LabelledBatchLoss loss) {
        if (!(loss.get(LabelledBatchLoss.MINER) instanceof DefaultMining)) {
            throw new IllegalArgumentException(String.format("%s: expected the loss's own mining (no miner option):"
                    + " the SameDiff twin mines in its graph as %s's other options say; got miner %s, which only"
                    + " the analytic %s runs", twin, loss.name(), loss.get(LabelledBatchLoss.MINER), loss.name()));
        }
    }
}
