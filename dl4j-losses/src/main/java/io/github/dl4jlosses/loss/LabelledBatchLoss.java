package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.MatrixDistance;
import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.mining.DefaultMining;
import io.github.dl4jlosses.mining.LabelledDistances;
import io.github.dl4jlosses.mining.Mined;
import io.github.dl4jlosses.mining.Miner;
import io.github.dl4jlosses.mining.Selection;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Base of the losses on a labelled batch: preOutput {@code [B, D]} embeddings, labels {@code [B,1]} class
 * ids or one-hot {@code [B,C]} (required). Positives of a row are the other rows of its class, negatives
 * the rows of other classes. At least 2 rows are required.
 * <p>
 * A loss is three small pieces: its {@link #distance()}, a {@link Miner} (the {@code miner} option, or the
 * loss's own mining, {@link #ownMiner()}) and its formula on the mined pairs or triplets
 * ({@link #forwardMined}). The formula sees the distances from B query rows to M reference rows
 * ({@link LabelledDistances}): within a batch both are the batch ({@link #forwardBatch}); a
 * {@link CrossBatchMemory} adds remembered rows as references ({@link #forwardAgainst}).
 */
public abstract class LabelledBatchLoss extends BatchLoss {

    /**
     * The {@code miner} option: which pairs or triplets to learn from; by default the loss's own mining (see each
     * loss). JSON gives a miner as an object with its {@code "@class"} and leaves the option out at its default.
     */
    public static final Option<Miner> MINER = Option.addedComponent("miner", Miner.class, DefaultMining.INSTANCE,
            new Option.Rule<>(m -> true, "a miner (io.github.dl4jlosses.mining.Miner)"));

    /** A labelled-batch loss with the given, already checked, options. */
    protected LabelledBatchLoss(List<Option<?>> schema) {
        super(schema);
    }

    /** The distance the loss compares rows with. */
    protected abstract Distance distance();

    /** The mining the loss does when no {@code miner} is given (e.g. from its other options). */
    protected abstract Miner ownMiner();

    /**
     * The loss on what {@code miner} picked: per-query contributions {@code [B,1]} (whose mean over the B queries
     * is the loss) and, if asked, the gradient of their sum with respect to the distances {@code [B,M]}; or null
     * after a {@link #warnDegenerate} when nothing was picked (the batch then scores 0).
     */
    protected abstract Forward forwardMined(LabelledDistances batch, Mined mined, boolean withGradient);

    /** The miner in effect: the {@code miner} option, or the loss's own mining. */
    public final Miner miner() {
        Miner m = get(MINER);
        return m instanceof DefaultMining ? ownMiner() : m;
    }

    @Override
    protected void validate(String owner, INDArray labels, INDArray preOutput) {
        requireLabelledBatch(owner, labels, preOutput);
    }

    /** The input checks of a labelled batch (embeddings {@code [B,D]}, B &gt;= 2, class labels), naming {@code loss}. */
    static void requireLabelledBatch(String loss, INDArray labels, INDArray preOutput) {
        LossInputs.requireMatrix(loss, "preOutput", preOutput);
        LossInputs.requireInBatchRows(loss, preOutput, "embeddings");
        ClassLabels.requireClassIds(loss, labels, preOutput.size(0));
    }

    @Override
    protected Forward forwardBatch(INDArray labels, INDArray out, boolean withGradient) {
        INDArray ids = classIds(labels);
        return forward(out, ids, out, ids, withGradient, false);
    }

    /**
     * The loss of {@code queries} {@code [B,D]} against {@code references} {@code [M,D]} whose first B rows are the
     * queries (detached: no gradient reaches the references): per-query contributions {@code [B,1]} and, if asked,
     * the gradient with respect to the queries. For {@link CrossBatchMemory}; inputs already checked.
     */
    final Forward forwardAgainst(INDArray queries, INDArray queryIds, INDArray references, INDArray referenceIds,
                                 boolean withGradient) {
        return forward(queries, queryIds, references, referenceIds, withGradient, true);
    }

    /** Distances, mining and the formula; the gradient through both sides, or the queries' only when detached. */
    private Forward forward(INDArray queries, INDArray queryIds, INDArray references, INDArray referenceIds,
                            boolean withGradient, boolean referencesDetached) {
        MatrixDistance md = distance().matrixWithGradient(queries, references);
        LabelledDistances batch = LabelledDistances.of(distance(), md.value(), queryIds, referenceIds,
                queries.size(1));
        Forward f = forwardMined(batch, miner().mine(batch), withGradient);
        if (f == null) {
            return zeros(queries, withGradient);
        }
        if (!withGradient) {
            return new Forward(f.perRow, null);
        }
        if (f.picked != null && md.backpropagatesPicks()) {
            return new Forward(f.perRow, md.pickedGradient(f.picked, !referencesDetached));
        }
        INDArray g = f.picked != null
                ? Selection.scatter(f.picked.columns, f.picked.weights, batch.references()) : f.gradient;
        return new Forward(f.perRow, referencesDetached ? md.gradient(g)[0] : md.selfGradient(g));
    }

    /** Class ids {@code [V,1]} (DOUBLE) of labels {@link #validate} has accepted. */
    protected static INDArray classIds(INDArray labels) {
        return ClassLabels.classIdsUnchecked(labels);
    }
}
