package io.github.dl4jlosses.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Base of the losses whose rows are compared with each other — in-batch negatives
 * ({@link LossGeneralizedTriplet}, {@link LossNPair}, {@link LossInfoNCE}) and mined labelled batches
 * ({@link LossBatchTriplet}, {@link LossMultiSimilarity}).
 * <p>
 * <b>Masks remove rows.</b> A row whose per-example mask is 0 is neither anchor, positive nor negative:
 * the loss is the loss of the sub-batch of kept rows ({@code V} of the {@code B}). To keep DL4J's
 * normalisation contract over all {@code B} rows, the kept rows' contributions are scaled by
 * {@code B/V}, so that {@code mean_B(computeScoreArray) == computeScore(average=true)} is the sub-batch
 * loss and the gradient is {@code d(B · score)/d preOutput}; masked rows get 0 and a zero gradient.
 * <p>
 * <b>Degenerate batches</b> (nothing valid to compare: a single class, no positive pair, every row
 * masked) score 0 with a zero gradient, and log one SLF4J warning per loss instance (repeated at most
 * every few minutes, see {@link RateLimitedWarning}) — never NaN.
 */
public abstract class BatchLoss extends RankingLoss {
    private static final Logger log = LoggerFactory.getLogger(BatchLoss.class);

    /**
     * Not configuration: excluded from JSON (transient, no accessor) and from equals/hashCode. Created on first
     * use, since Java deserialization (how Spark ships a configuration) skips field initialisers.
     */
    private transient volatile RateLimitedWarning degenerateWarning;

    /** A batch loss with the given, already checked, options. */
    protected BatchLoss(List<Option<?>> schema) {
        super(schema);
    }

    /**
     * The loss on a dense batch (masked rows already removed): per-row contributions {@code [V,1]} whose
     * mean is the loss as defined for the batch, and, if asked, the gradient of their sum with respect
     * to {@code output}. Must not write into {@code output} (see {@link #forward}).
     *
     * @param labels labels of the kept rows, as DL4J passed them (not cast), possibly null
     * @param output activated output of the kept rows {@code [V, width]}, {@code V >= 1}
     */
    protected abstract Forward forwardBatch(INDArray labels, INDArray output, boolean withGradient);

    @Override
    protected final Forward forward(INDArray labels, INDArray output, boolean withGradient) {
        return forwardBatch(labels, output, withGradient);
    }

    @Override
    protected final Forward forwardWithMask(INDArray labels, INDArray output, INDArray mask, boolean withGradient) {
        RowSubset kept = RowSubset.of(mask, output.size(0));
        if (kept == null) {
            return forwardBatch(labels, output, withGradient);
        }
        if (kept.size() < 2) {
            // one kept row has nothing to be compared with (an unmasked one-row batch is an input error instead)
            warnDegenerate((kept.size() == 0 ? "every row of the batch is masked"
                    : "the mask leaves a single row, which has nothing to be compared with") + SCORES_ZERO);
            return zeros(output, withGradient);
        }
        Forward f = forwardBatch(kept.gather(labels), kept.gather(output), withGradient);
        double scale = (double) kept.rows() / kept.size();
        INDArray perRow = kept.scatter(f.perRow).muli(scale);
        INDArray grad = f.gradient == null ? null : replaced(f.gradient, kept.scatter(f.gradient).muli(scale));
        return new Forward(perRow, grad);
    }

    /** Score 0 and a zero gradient for every row of {@code output}. */
    protected static Forward zeros(INDArray output, boolean withGradient) {
        INDArray perRow = Nd4j.zeros(output.dataType(), output.size(0), 1);
        return new Forward(perRow, withGradient ? Nd4j.zeros(output.dataType(), output.shape()) : null);
    }

    /** Suffix for {@link #warnDegenerate} when the whole batch scores 0. */
    protected static final String SCORES_ZERO = "; this batch scores 0 with a zero gradient";

    /** Logs that a batch had nothing valid to compare (rate-limited per loss instance), prefixed by the loss name. */
    protected void warnDegenerate(String message) {
        degenerateWarning().warn(name() + ": " + message);
    }

    /** Number of degenerate-batch warnings this instance has actually logged (for tests). */
    long degenerateWarningsLogged() {
        return degenerateWarning().logged();
    }

    private RateLimitedWarning degenerateWarning() {
        RateLimitedWarning w = degenerateWarning;
        if (w == null) {
            synchronized (this) {
                if (degenerateWarning == null) {
                    degenerateWarning = new RateLimitedWarning(log);
                }
                w = degenerateWarning;
            }
        }
        return w;
    }
}
