package io.github.dl4jlosses.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Base of the losses on one tuple of embeddings per row, preOutput {@code [B, k·D] = [x_1 | … | x_k]}
 * ({@link LossContrastive}, {@link LossTriplet}, {@link LossMultiSampleTriplet}): rows are independent, so a mask
 * zeroes rows, and a NaN or an infinity is found through the row distances the loss computes anyway
 * ({@link #checksFinitenessThroughDistances}).
 */
public abstract class TupleLoss extends RankingLoss {
    private final int blocks;
    private final String layout;

    /**
     * @param schema the loss's options, each at its default
     * @param blocks k, the embeddings in a row
     * @param layout how a row is laid out, for error messages, e.g. {@code "[anchor | positive | negative]"}
     */
    protected TupleLoss(List<Option<?>> schema, int blocks, String layout) {
        super(schema);
        this.blocks = blocks;
        this.layout = layout;
    }

    /** A loss whose row layout follows its options: it overrides {@link #blocks()} and {@link #layout()}. */
    protected TupleLoss(List<Option<?>> schema) {
        this(schema, 0, null);
    }

    /** @return k, the embeddings in a row */
    @Override
    public int blocks() {
        return blocks;
    }

    /** @return how a row is laid out, for error messages */
    protected String layout() {
        return layout;
    }

    /** A width that splits into {@link #blocks()} embeddings; labels, when given, one row per row. */
    @Override
    protected void validate(String owner, INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(owner, preOutput, blocks(), layout());
        LossInputs.requireLabelRows(owner, labels, preOutput);
    }

    /**
     * A per-row result computed on the heap as the loss's {@code [B,1]} column in {@code like}'s data type. The tuple
     * losses take their hinges per row on the heap: rows are independent and there are B of them, where libnd4j's
     * {@code [B,1]} ops (some ten a call) each cost more to call than to compute; the {@code [B, k·D]} passes stay
     * vectorised (see {@code Tuple}, {@code TupleGradient}).
     */
    protected static INDArray column(double[] perRow, INDArray like) {
        return Nd4j.create(perRow, new long[]{perRow.length, 1}, like.dataType());
    }

    @Override
    protected final boolean checksFinitenessThroughDistances(INDArray mask) {   // every row is computed, masked or not
        return true;
    }
}
