package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.mining.ClassLabels;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff twin of {@link LossBatchTriplet}: the triplet loss mined from a labelled batch (ALL, HARD,
 * SEMI_HARD), defined by {@link SDLabelledBatchLosses#batchTriplet} and differentiated by SameDiff. Same
 * options, defaults and input checks as {@link LossBatchTriplet}, whose instance the twin holds and reads its
 * options from. When DL4J runs it, ALL and SEMI_HARD work on
 * {@code [B, S, B]} tensors (S = largest number of positives of an anchor, {@code K − 1} in a P×K batch), as
 * {@link LossBatchTriplet} does: the positive-slot table is built in Java from the labels of each call and
 * fed to the graph with them. {@link #define}, for graphs built by users (e.g. {@link SharedTowerModel}),
 * takes plain labels and builds {@code [B,B,B]} tensors.
 */
public class SDLossBatchTriplet extends SDLabelledBatchLoss<LossBatchTriplet> {
    private static final String NAME = "SDLossBatchTriplet";

    /** The defaults of {@link LossBatchTriplet}. */
    public SDLossBatchTriplet() {
        super(new LossBatchTriplet());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossBatchTriplet(LossBatchTriplet loss) {
        super(loss);
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SDLossOutput define(SameDiff sd, String name, SDVariable[] branches, SDVariable labels) {
        TwinInputs.requireBranches(NAME, branches, 1);
        return SDLabelledBatchLosses.batchTriplet(sd, name, branches[0], labels, loss.getMining(), loss.getMargin(),
                loss.getDistance(), loss.isSoftMargin());
    }

    /** ALL and SEMI_HARD: {@code [class id | slotIndex (S) | slotValid (S)]}, {@code [B, 1+2S]}, of the graph's rows. */
    @Override
    protected INDArray graphLabels(INDArray labels, long rows) {
        if (!usesSlots()) {
            return super.graphLabels(labels, rows);
        }
        INDArray ids = ClassLabels.classIdsUnchecked(labels);   // validate() has checked them
        INDArray[] slots = SDLabelledBatchLosses.positiveSlots(ids);
        return Nd4j.hstack(ids, slots[0], slots[1]);
    }

    /** Reads {@link #graphLabels}'s encoding back: the slot form of the loss, O(B·S·B) for ALL and SEMI_HARD. */
    @Override
    protected SDVariable defineGraphLoss(SameDiff sd, SDVariable layerInput, SDVariable graphLabels) {
        if (!usesSlots()) {
            return super.defineGraphLoss(sd, layerInput, graphLabels);
        }
        // Static begin/end with end masks: the widths are only known when the graph runs.
        SDVariable ids = sd.stridedSlice(graphLabels, new long[]{0, 0}, new long[]{0, 1}, new long[]{1, 1}, 0, 1, 0, 0, 0);
        SDVariable rest = sd.stridedSlice(graphLabels, new long[]{0, 1}, new long[]{0, 0}, new long[]{1, 1}, 0, 3, 0, 0, 0);
        SDVariable[] slots = sd.split(rest, 2, 1);
        return SDLabelledBatchLosses.batchTriplet(sd, null, layerInput, ids, slots[0], slots[1], loss.getMining(),
                loss.getMargin(), loss.getDistance(), loss.isSoftMargin()).perExample();
    }

    /** HARD is O(B²) without a slot table; ALL and SEMI_HARD need one to avoid [B,B,B] tensors. */
    private boolean usesSlots() {
        return loss.getMining() != TripletMining.HARD;
    }

    /** Builder; unset options keep the defaults of {@link LossBatchTriplet}. */
    public static final class Builder extends LossBatchTriplet.Options<Builder> {
        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public SDLossBatchTriplet build() {
            return new SDLossBatchTriplet(toLoss(NAME));
        }
    }
}
