package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.mining.ClassLabels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
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
    private static final String NAME = "CrossBatchMemory";

    /** The {@code loss} option: the labelled-batch loss that scores each batch against the memory. */
    public static final Option<ILossFunction> LOSS = Option.component("loss", ILossFunction.class,
            new LossMultiSimilarity(), new Option.Rule<>(l -> l instanceof LabelledBatchLoss,
                    "a labelled-batch loss (LossBatchTriplet, LossMultiSimilarity, LossCircle, LossSupCon or "
                            + "LossLiftedStructure)"));
    /** The {@code memorySize} option: how many rows (the batch included) the references hold at most. */
    public static final Option<Integer> MEMORY_SIZE = Option.integerAtLeast("memorySize", 2, 1024);
    private static final List<Option<?>> SCHEMA = List.of(LOSS, MEMORY_SIZE);

    /** The remembered rows: not configuration (transient, created on first use, also after deserialization). */
    private transient Memory memory;

    /** The defaults listed in the class documentation. */
    public CrossBatchMemory() {
        super(LossOptions.defaults(NAME, SCHEMA));
    }

    private CrossBatchMemory(LossOptions options) {
        super(options);
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** The wrapped loss scoring {@code loss} against a memory of {@code memorySize} rows. */
    public static CrossBatchMemory of(LabelledBatchLoss loss, int memorySize) {
        return builder().loss(loss).memorySize(memorySize).build();
    }

    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        LabelledBatchLoss.requireLabelledBatch(name(), labels, preOutput);
    }

    @Override
    protected Forward forwardBatch(INDArray labels, INDArray out, boolean withGradient) {
        INDArray ids = ClassLabels.classIdsUnchecked(labels);
        synchronized (this) {
            Memory m = memory();
            if (!withGradient && m.isLastStored(out, ids)) {
                return new Forward(m.lastScores.dup(), null);
            }
            m.clearUnless(out);
            INDArray[] references = m.references(out, ids, getMemorySize());
            Forward f = getLoss().forwardAgainst(out, ids, references[0], references[1], withGradient);
            if (withGradient) {
                m.store(out, ids, f.perRow, getMemorySize());
            }
            return f;
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

    private Memory memory() {
        if (memory == null) {
            memory = new Memory();
        }
        return memory;
    }

    /** The remembered rows, oldest first, and the last stored batch; arrays live outside every workspace. */
    private static final class Memory {
        INDArray embeddings;   // [n, D], n <= memorySize
        INDArray ids;          // [n, 1] DOUBLE
        INDArray lastBatch;
        INDArray lastIds;
        INDArray lastScores;

        int rows() {
            return embeddings == null ? 0 : (int) embeddings.rows();
        }

        void clear() {
            embeddings = ids = lastBatch = lastIds = lastScores = null;
        }

        /** Empties the memory if {@code out} has another data type or width than the remembered rows. */
        void clearUnless(INDArray out) {
            if (embeddings != null && (embeddings.dataType() != out.dataType() || embeddings.columns() != out.columns())) {
                clear();
            }
        }

        boolean isLastStored(INDArray out, INDArray ids) {
            return lastBatch != null && lastBatch.dataType() == out.dataType()
                    && java.util.Arrays.equals(lastBatch.shape(), out.shape())
                    && lastBatch.equalsWithEps(out, 0.0) && lastIds.equalsWithEps(ids, 0.0);
        }

        /** {@code {[batch; newest remembered rows], their ids}}, at most {@code size} rows, the batch first. */
        INDArray[] references(INDArray out, INDArray batchIds, int size) {
            long keep = Math.min(rows(), Math.max(0, size - out.rows()));
            if (keep == 0) {
                return new INDArray[]{out, batchIds};
            }
            long n = rows();
            INDArray e = embeddings.get(NDArrayIndex.interval(n - keep, n), NDArrayIndex.all());
            INDArray i = ids.get(NDArrayIndex.interval(n - keep, n), NDArrayIndex.all());
            return new INDArray[]{Nd4j.concat(0, out, e), Nd4j.concat(0, batchIds, i)};
        }

        /** Appends the batch (detached copies), keeping the newest {@code size} rows. */
        void store(INDArray out, INDArray batchIds, INDArray scores, int size) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray e = embeddings == null ? out : Nd4j.concat(0, embeddings, out);
                INDArray i = ids == null ? batchIds.castTo(DataType.DOUBLE) : Nd4j.concat(0, ids, batchIds.castTo(DataType.DOUBLE));
                long n = e.rows();
                long from = Math.max(0, n - size);
                embeddings = e.get(NDArrayIndex.interval(from, n), NDArrayIndex.all()).dup('c');
                ids = i.get(NDArrayIndex.interval(from, n), NDArrayIndex.all()).dup('c');
                lastBatch = out.dup('c');
                lastIds = batchIds.castTo(DataType.DOUBLE).dup('c');
                lastScores = scores.dup('c');
            }
        }
    }

    /** @return the {@code loss} option: the wrapped labelled-batch loss */
    public LabelledBatchLoss getLoss() {
        return (LabelledBatchLoss) option(LOSS);
    }

    /** @return the {@code memorySize} option */
    public int getMemorySize() {
        return option(MEMORY_SIZE);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Builder; unset options keep the defaults of {@link CrossBatchMemory}. */
    public static final class Builder extends LossBuilder<Builder> {
        /** The labelled-batch loss that scores each batch against the memory (default {@link LossMultiSimilarity}). */
        public Builder loss(LabelledBatchLoss loss) {
            return set(LOSS, loss);
        }

        /** How many rows, the batch included, the references hold at most (&gt;= 2; default 1024). */
        public Builder memorySize(int memorySize) {
            return set(MEMORY_SIZE, memorySize);
        }

        /** @return the loss with this builder's options (each checked now, by its option's rule) */
        public CrossBatchMemory build() {
            return new CrossBatchMemory(options(NAME, SCHEMA));
        }
    }
}
