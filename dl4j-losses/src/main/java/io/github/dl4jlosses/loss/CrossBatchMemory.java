package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.mining.ReferenceMemory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.List;

/**
 * Cross-batch memory (Wang, Zhang, Huang &amp; Scott 2020, "Cross-Batch Memory for Embedding Learning", XBM), as
 * pytorch-metric-learning's {@code CrossBatchMemory}: a wrapper around any labelled-batch loss that remembers the
 * embeddings and class ids of the last {@code memorySize} rows it trained on and compares each batch with them
 * as well, so that a small batch meets the positives and negatives of many.
 * <p>
 * Each call compares the batch's rows (the anchors) with the reference rows {@code [batch; remembered rows]},
 * at most {@code memorySize} of them, the batch first (as pytorch-metric-learning enqueues the batch before
 * comparing and removes each row's comparison with itself); the wrapped loss mines and scores these pairs as it
 * would within a batch ({@link LabelledBatchLoss#forwardAgainst}). The references are constants: no gradient
 * reaches them (the paper's "detached" memory), so the gradient is the wrapped loss's gradient with respect to
 * the anchors only. Memory is O(memorySize · D).
 * <p>
 * <b>When the memory changes.</b> A call that computes a gradient (training) stores the batch afterwards,
 * dropping the oldest rows beyond {@code memorySize}. A score-only call (evaluation) stores nothing; a score-only
 * call on exactly the batch that was just stored (DL4J computes a layer's gradient, then its score, on the same
 * batch) returns the score computed with that gradient. Rows removed by a per-example mask are neither anchors
 * nor stored. The memory is emptied when the data type or the embedding width changes, and on
 * {@link #clearMemory()}; it is not part of the configuration (not serialized, not compared).
 * <p>
 * <b>Input</b> (labelled batch): preOutput {@code [B, D]} embeddings, {@code B >= 2}; labels {@code [B,1]} class
 * ids or one-hot {@code [B,C]} (one-hot width must stay the same across batches).
 * <p>
 * <b>Defaults</b>: {@code loss} a {@link LossMultiSimilarity} with its defaults, {@code memorySize = 1024}.
 */
public class CrossBatchMemory extends BatchLoss {

    /** The {@code loss} option: the labelled-batch loss that scores each batch against the memory. */
    public static final Option<ILossFunction> LOSS = Option.component("loss", ILossFunction.class,
            new LossMultiSimilarity(), new Option.Rule<>(l -> l instanceof LabelledBatchLoss,
                    "a labelled-batch loss (LossBatchTriplet, LossMultiSimilarity, LossCircle, LossSupCon or "
                            + "LossLiftedStructure)"));
    /** The {@code memorySize} option: how many rows (the batch included) the references hold at most. */
    public static final Option<Integer> MEMORY_SIZE = Option.integerAtLeast("memorySize", 2, 1024);

    /** The remembered rows: not configuration (transient, created on first use, also after deserialization). */
    private transient ReferenceMemory memory;

    /** The defaults listed in the class documentation. */
    public CrossBatchMemory() {
        super(List.of(LOSS, MEMORY_SIZE));
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<CrossBatchMemory> builder() {
        return new LossBuilder<>(CrossBatchMemory::new);
    }

    /** The wrapped loss scoring {@code loss} against a memory of {@code memorySize} rows. */
    public static CrossBatchMemory of(LabelledBatchLoss loss, int memorySize) {
        return builder().with(LOSS, loss).with(MEMORY_SIZE, memorySize).build();
    }

    @Override
    protected void validate(String owner, INDArray labels, INDArray preOutput) {
        LabelledBatchLoss.requireLabelledBatch(owner, labels, preOutput);
    }

    @Override
    protected Forward forwardBatch(INDArray labels, INDArray out, boolean withGradient) {
        INDArray ids = ClassLabels.classIdsUnchecked(labels);
        synchronized (this) {
            INDArray[] r = memory().compute(out, ids, get(MEMORY_SIZE), withGradient, (references, referenceIds) -> {
                Forward f = getLoss().forwardAgainst(out, ids, references, referenceIds, withGradient);
                return new INDArray[]{f.perRow, f.gradient};
            });
            return new Forward(r[0], r[1]);
        }
    }

    /** Empties the memory (e.g. between training and evaluating on other data). */
    public synchronized void clearMemory() {
        memory().clear();
    }

    /** Number of rows remembered now (for tests and monitoring). */
    public synchronized int rowsInMemory() {
        return memory().rows();
    }

    private ReferenceMemory memory() {
        if (memory == null) {
            memory = new ReferenceMemory();
        }
        return memory;
    }

    /** @return the {@code loss} option: the wrapped labelled-batch loss */
    public LabelledBatchLoss getLoss() {
        return (LabelledBatchLoss) get(LOSS);
    }
}
