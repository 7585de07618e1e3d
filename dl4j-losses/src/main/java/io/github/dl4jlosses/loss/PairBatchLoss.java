package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.ops.Products;
import lombok.AccessLevel;
import lombok.AllArgsConstructor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Base of the pair-batch losses with in-batch negatives: preOutput {@code [N, 2D] = [anchor | positive]},
 * row i's positive is its own pair, and the negatives of row i are the other rows' positives.
 * <p>
 * Labels are optional {@code [N,1]} class ids (or one-hot {@code [N,C]}): rows of the same class are then
 * not negatives of each other. With {@code useClassIds = false} (or null labels) labels are ignored and
 * every other row is a negative — for data sets whose labels carry no class (e.g. a constant label
 * column that DL4J requires but that would otherwise put every row in one class).
 * <p>
 * At least 2 rows are required.
 */
public abstract class PairBatchLoss extends BatchLoss {

    /** Whether labels are class ids whose same-class rows are not negatives (default true). */
    public static final Option<Boolean> USE_CLASS_IDS = Option.flag("useClassIds", true);

    /** A pair-batch loss with the given, already checked, options. */
    protected PairBatchLoss(List<Option<?>> schema) {
        super(schema);
    }

    /** Two embeddings a row, {@code [anchor | positive]}. */
    @Override
    public final int blocks() {
        return 2;
    }

    @Override
    protected void validate(String owner, INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(owner, preOutput, blocks(), "[anchor | positive]");
        LossInputs.requireInBatchRows(owner, preOutput, "pairs");
        if (get(USE_CLASS_IDS) && labels != null) {
            ClassLabels.requireClassIds(owner, labels, preOutput.size(0));
        } else {
            LossInputs.requireLabelRows(owner, labels, preOutput);
        }
    }

    @Override
    protected final Forward forwardBatch(INDArray labels, INDArray out, boolean withGradient) {
        return forwardPairs(out, classes(labels, out.size(0), out.dataType()), withGradient);
    }

    /**
     * The loss on a dense pair batch (see {@link #forwardBatch}); the gradient is {@code [N, 2D]}.
     *
     * @param pairs   {@code [N, 2D] = [anchor | positive]}: {@link #split} gives the two blocks as contiguous arrays,
     *                {@link #views} as views for matrix products; never written to
     * @param classes which rows share a class, hence which positives {@code j} are negatives of anchor {@code i}
     */
    protected abstract Forward forwardPairs(INDArray pairs, Classes classes, boolean withGradient);

    /** Anchors and positives {@code [N, D]} of {@code pairs} as contiguous copies (see {@link #join}). */
    protected static INDArray[] split(INDArray pairs) {
        return Tuple.split(pairs, 2);
    }

    /** Anchors and positives {@code [N, D]} of {@code pairs} as column-block views, for matrix products only. */
    protected static INDArray[] views(INDArray pairs) {
        return Tuple.views(pairs, 2);
    }

    /**
     * Which rows of a pair batch share a class. Without class ids, and with class ids that are all different (one
     * pair per class, the usual pair batch), every row is its own class: then no {@code [N,N]} mask exists at all
     * ({@link #same} is null) and a loss can use the identity in closed form instead of passes over a mask.
     */
    @AllArgsConstructor(access = AccessLevel.PACKAGE)
    protected static final class Classes {
        /** {@code [N,N]} 0/1, 1 where rows i and j share a class (the diagonal included); null when every row is its own class. */
        final INDArray same;
        private final long rows;
        private final DataType type;

        /** True when every row is its own class ({@link #same} is the identity, not built). */
        boolean eachOwnClass() {
            return same == null;
        }

        /** {@code [N,N]} 0/1 mask of in-batch negatives: {@code j ≠ i} and, with classes, a different class. */
        INDArray negatives() {
            return same == null ? ClassLabels.allOthers(rows, type) : ClassLabels.negatives(same);
        }
    }

    /**
     * The gradient of logits {@code s = c·A·Pᵀ} ({@code A}, {@code P} the {@link #views} of a pair batch or of its unit
     * rows) written into the blocks of {@code grad} ({@code [N, 2D]}): {@code dL/dA = α·G·P + β·dL/dA} and
     * {@code dL/dP = α·Gᵀ·A + β·dL/dP}, {@code G = dL/ds}, {@code α} the logits' scale c, {@code β = 1} to add to a
     * starting value already in {@code grad}. The products write the column-block views directly (no join).
     *
     * @return {@code grad}
     */
    protected static INDArray logitGradientInto(INDArray grad, INDArray dLds, INDArray[] anchorsAndPositives,
                                                double alpha, double beta) {
        INDArray[] g = views(grad);
        Products.into(dLds, anchorsAndPositives[1], g[0], false, false, alpha, beta);
        Products.into(dLds, anchorsAndPositives[0], g[1], true, false, alpha, beta);
        return grad;
    }

    /** {@code [N, 2D]} gradient from the anchors' and positives' gradients {@code [N, D]}. */
    protected static INDArray join(INDArray gradAnchors, INDArray gradPositives) {
        return Tuple.join(gradAnchors, gradPositives);
    }

    /** The classes of the rows: none (every row its own) without class ids or when the ids are all different. */
    private Classes classes(INDArray labels, long rows, DataType type) {
        if (!get(USE_CLASS_IDS) || labels == null) {
            return new Classes(null, rows, type);
        }
        // A column of ids is read on the host as it is; it becomes DOUBLE ids (a native cast) only for the mask.
        INDArray ids = labels.size(1) == 1 ? labels : ClassLabels.classIdsUnchecked(labels);
        return new Classes(ClassLabels.allDistinct(ids) ? null : ClassLabels.sameClass(ids, type), rows, type);
    }
}
