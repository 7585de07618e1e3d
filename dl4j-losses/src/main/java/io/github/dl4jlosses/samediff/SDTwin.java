package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.BatchLoss;
import io.github.dl4jlosses.loss.RankingLoss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

import java.util.Objects;

/**
 * Base of the SameDiff twins of this library's analytic losses: holds the analytic loss mirrored, whose options
 * are the twin's (read in {@link #define} as {@code loss.getX()}), serialized as the twin's own JSON properties,
 * and from which {@link #equals}, {@link #hashCode} and {@link #toString} derive.
 *
 * @param <L> the analytic loss mirrored
 */
public abstract class SDTwin<L extends RankingLoss> extends SameDiffRankingLoss {

    /** The analytic loss mirrored; its options are serialized as this twin's own properties. */
    @JsonUnwrapped
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    protected L loss;

    /** The twin of {@code loss}, with its options. */
    protected SDTwin(L loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    /** @return the analytic loss this twin mirrors (its options are the twin's) */
    public L analytic() {
        return loss;
    }

    /** Masks remove rows where they do in the analytic loss: in the losses that compare rows ({@link BatchLoss}). */
    @Override
    protected final boolean masksRemoveRows() {
        return loss instanceof BatchLoss;
    }

    /** One branch per embedding of a row of the analytic loss's input ({@link RankingLoss#blocks()}). */
    @Override
    public final int branches() {
        return loss.blocks();
    }

    /** The analytic loss's input checks, naming this twin. */
    @Override
    protected void validate(INDArray labels, INDArray preOutput) {
        loss.checkInputs(name(), labels, preOutput);
    }

    @Override
    protected L mirrored() {
        return loss;
    }
}
