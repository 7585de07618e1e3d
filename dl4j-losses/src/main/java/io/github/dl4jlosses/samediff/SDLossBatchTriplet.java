package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.mining.ClassLabels;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Function;

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

    /** The defaults of {@link LossBatchTriplet}. */
    public SDLossBatchTriplet() {
        super(new LossBatchTriplet());
    }

    /** The twin of {@code loss}, with the same options. */
    public SDLossBatchTriplet(LossBatchTriplet loss) {
        super(loss);
    }

    @Override
    SDLossOutput definePairs(SameDiff sd, String name, Function<Distance, SDPairs> pairs, SDVariable slotIndex,
                             SDVariable slotValid) {
        return SDLabelledBatchLosses.batchTriplet(name, sd, pairs.apply(loss.get(LossBatchTriplet.DISTANCE)), slotIndex,
                slotValid, loss.get(LossBatchTriplet.MINING), loss.get(LossBatchTriplet.MARGIN),
                loss.get(LossBatchTriplet.SOFT_MARGIN));
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
        SDVariable ids = sd.stridedSlice(graphLabels, new long[]{0, 0}, new long[]{0, 1}, new long[]{1, 1}, 0, 1, 0,
                0, 0);
        SDVariable rest = sd.stridedSlice(graphLabels, new long[]{0, 1}, new long[]{0, 0}, new long[]{1, 1}, 0, 3, 0,
                0, 0);
        SDVariable[] slots = sd.split(rest, 2, 1);
        return definePairs(sd, null, d -> SDPairs.within(sd, d, layerInput, ids), slots[0], slots[1]).perExample();
    }

    /** HARD is O(B²) without a slot table; ALL and SEMI_HARD need one to avoid [B,B,B] tensors. */
    @Override
    boolean usesSlots() {
        return loss.get(LossBatchTriplet.MINING) != TripletMining.HARD;
    }
}
