package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.PairBatchLoss;
import io.github.dl4jlosses.mining.ClassLabels;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Base of the SameDiff twins of the pair-batch losses: preOutput {@code [N, 2D] = [anchor | positive]},
 * {@code N >= 2}, optional class ids {@code [N,1]} or one-hot {@code [N,C]} (ignored with
 * {@code useClassIds = false}); a mask removes rows (as the analytic loss). Same input checks as
 * the analytic {@code PairBatchLoss}.
 */
public abstract class SDPairBatchLoss<L extends PairBatchLoss> extends SDTwin<L> {

    /** The twin of {@code loss}. */
    protected SDPairBatchLoss(L loss) {
        super(loss);
    }

    private boolean isUseClassIds() {
        return loss.get(PairBatchLoss.USE_CLASS_IDS);
    }

    /** Without class ids every row is its own class: ids 0..N−1, so every other row is a negative. */
    @Override
    protected INDArray graphLabels(INDArray labels, long rows) {
        if (!isUseClassIds() || labels == null) {
            return Nd4j.arange(0, rows).castTo(DataType.DOUBLE).reshape(rows, 1);
        }
        return labels.castTo(DataType.DOUBLE);
    }

    /**
     * {@link #graphVariant} of a batch whose rows are each their own class, or whose class ids are not used: the graph
     * without class masks ({@code classIds = null}), the same loss. With every id different the same-class mask is the
     * identity, and building it (a comparison and a cast over {@code [N,N]}), the class sizes and InfoNCE's exclusion
     * shift took ~1 ms of a 512-row InfoNCE twin. The analytic losses take the same shortcut.
     */
    private static final int EACH_OWN_CLASS = 1;

    @Override
    protected int graphVariant(INDArray graphLabels) {
        return !isUseClassIds() || ClassLabels.allDistinct(ClassLabels.classIdsUnchecked(graphLabels)) ? EACH_OWN_CLASS : 0;
    }

    /** The graph of {@code variant}: without labels (so without class masks) for {@link #EACH_OWN_CLASS}. */
    @Override
    protected SDVariable defineGraphLoss(SameDiff sd, SDVariable layerInput, SDVariable graphLabels, int variant) {
        return defineGraphLoss(sd, layerInput, variant == EACH_OWN_CLASS ? null : graphLabels);
    }

    /** The loss on anchors {@code branches[0]} and positives {@code branches[1]} ({@code [N, D]} each). */
    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(name(), branches, 2);
        return definePairs(sd, name, branches[0], branches[1], isUseClassIds() ? labels : null);
    }

    /**
     * The loss's graph on a pair batch.
     *
     * @param classIds {@code [N,1]} class ids whose same-class rows are not negatives, or null (every other row is)
     */
    abstract SDLossOutput definePairs(SameDiff sd, String name, SDVariable anchors, SDVariable positives,
                                      SDVariable classIds);
}
