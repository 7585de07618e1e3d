package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.VectorRows;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.Arrays;

/**
 * Up-front checks shared by every loss. Each failure is an {@link IllegalArgumentException} whose
 * message names the loss, what was expected and what came, so a user never sees a NaN, an
 * {@code ArrayIndexOutOfBoundsException} or ND4J's internal message instead.
 */
public final class LossInputs {
    private LossInputs() {
    }

    /** preOutput must be a non-empty matrix whose width splits into {@code parts} blocks of equal size. */
    public static long requireTupleWidth(String loss, INDArray preOutput, int parts, String layout) {
        requireMatrix(loss, "preOutput", preOutput);
        long width = preOutput.size(1);
        if (width == 0 || width % parts != 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected preOutput of shape [B, %d·D] laid out as %s, got %s (width %d is not a positive multiple of %d)",
                    loss, parts, layout, shape(preOutput), width, parts));
        }
        return width / parts;
    }

    /** At least 2 rows: in-batch negatives need another row to compare with. */
    public static void requireInBatchRows(String loss, INDArray preOutput, String rowsAre) {
        if (preOutput.size(0) < 2) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected at least 2 rows (%s) for in-batch negatives, got %d row(s), preOutput %s",
                    loss, rowsAre, preOutput.size(0), shape(preOutput)));
        }
    }

    /** A rank-2 array with at least one row and one column. */
    public static void requireMatrix(String loss, String what, INDArray array) {
        if (array == null) {
            throw new IllegalArgumentException(loss + ": expected " + what + " to be a [B, width] array, got null");
        }
        if (array.rank() == 2 && array.size(0) > 0 && array.size(1) == 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected %s to have at least one column, got shape %s (width 0)", loss, what, shape(array)));
        }
        if (array.rank() != 2 || array.size(0) == 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected %s to be a non-empty rank-2 [B, width] array, got shape %s",
                    loss, what, shape(array)));
        }
    }

    /** preOutput must hold floating-point values: integer types would divide by zero in native code. */
    public static void requireFloatingPoint(String loss, INDArray preOutput) {
        if (!preOutput.dataType().isFPType()) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected preOutput of a floating-point type (FLOAT, DOUBLE, HALF), got %s",
                    loss, preOutput.dataType()));
        }
    }

    /** labels (when given) must have one row per preOutput row. */
    public static void requireLabelRows(String loss, INDArray labels, INDArray preOutput) {
        if (labels == null) {
            return;
        }
        if (labels.rank() != 2 || labels.size(0) != preOutput.size(0)) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected labels with %d rows (one per preOutput row, preOutput %s), got labels of shape %s",
                    loss, preOutput.size(0), shape(preOutput), shape(labels)));
        }
    }

    /** labels must be present and exactly {@code [B,1]}. */
    public static void requireColumnLabels(String loss, INDArray labels, INDArray preOutput) {
        if (labels == null) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected labels of shape [%d, 1], got null", loss, preOutput.size(0)));
        }
        requireLabelRows(loss, labels, preOutput);
        if (labels.size(1) != 1) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected labels of shape [%d, 1], got %s", loss, preOutput.size(0), shape(labels)));
        }
    }

    /**
     * Every entry of {@code array} is finite: a NaN or infinite embedding would otherwise give a NaN score, or
     * worse a finite score with NaN gradients (a hinge that is 0 at +Inf). Costs one sum over the array on the
     * valid path (a NaN or an infinity anywhere makes the sum non-finite); only a non-finite sum, which finite
     * values can also reach by overflow, looks for the offending entry. Where {@link VectorRows} takes the matrix
     * the pass is its squared row norms, summed over the rows on the heap: libnd4j's scalar sum is an unvectorised
     * loop (0.47 ms of a contrastive twin's 6 ms at [1024,1024] FLOAT, the twins checking every input this way).
     *
     * @throws IllegalArgumentException naming the loss, the row, the column and the value
     */
    public static void requireFinite(String loss, String what, INDArray array) {
        if (array == null || finiteAtAGlance(array)) {
            return;
        }
        // DOUBLE holds every value exactly; ND4J M2.1's conditions do not see NaN in HALF arrays.
        INDArray flat = array.castTo(DataType.DOUBLE).dup('c').reshape(array.length());
        long index = BooleanIndexing.firstIndex(flat, Conditions.notFinite()).getLong(0);
        if (index < 0) {
            return; // the sum overflowed, every entry is finite
        }
        long width = array.rank() < 2 ? 1 : array.length() / array.size(0);
        throw new IllegalArgumentException(String.format(
                "%s: expected finite values in %s, got %s at row %d, column %d (shape %s)",
                loss, what, flat.getDouble(index), index / width, index % width, shape(array)));
    }

    /** Whether one pass finds the sum of {@code array}'s entries (or of their squares) finite; see {@link #requireFinite}. */
    private static boolean finiteAtAGlance(INDArray array) {
        if (!VectorRows.acceptsOnHost(array)) {
            return Double.isFinite(array.sumNumber().doubleValue());
        }
        double sum = 0;
        for (float rowSquares : VectorRows.squaredNorms(array)) {
            sum += rowSquares;
        }
        return Double.isFinite(sum);
    }

    /**
     * HALF only (FLOAT and DOUBLE cannot overflow on finite embeddings of a sane scale): the per-row losses and the
     * gradient a loss computed from finite HALF embeddings are finite too, else the computation left HALF's range
     * (max 65504) — large embeddings squared or exponentiated — and the loss says so instead of returning NaN or
     * infinity. Sums are taken in DOUBLE, which cannot overflow on HALF values.
     *
     * @throws IllegalArgumentException naming the loss, the largest |preOutput| and what to do
     */
    public static void requireHalfResultsFinite(String loss, INDArray preOutput, INDArray perRow, INDArray gradient) {
        if (preOutput.dataType() != DataType.HALF) {
            return;
        }
        boolean finite = Double.isFinite(perRow.castTo(DataType.DOUBLE).sumNumber().doubleValue())
                && (gradient == null || Double.isFinite(gradient.castTo(DataType.DOUBLE).sumNumber().doubleValue()));
        if (!finite) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected the loss of these HALF embeddings to stay within HALF's range (max 65504), but it"
                            + " overflowed (largest |preOutput| is %s); scale the embeddings down or use FLOAT",
                    loss, preOutput.amaxNumber()));
        }
    }

    /**
     * The activation's output for a loss to compute on. The identity (what a {@code LossLayer} on embeddings usually
     * has) needs no copy, since the losses never write into their input; other activations work in place, hence the
     * copy of preOutput.
     */
    public static INDArray activate(INDArray preOutput, IActivation activationFn) {
        return activationFn instanceof ActivationIdentity ? preOutput : activationFn.getActivation(preOutput.dup(), true);
    }

    /** {@code dL/dpreOutput} from {@code dL/dOutput}: for the identity {@code dLdOut} itself, without copying preOutput first. */
    public static INDArray backprop(INDArray preOutput, IActivation activationFn, INDArray dLdOut) {
        if (activationFn instanceof ActivationIdentity) {
            return dLdOut; // what ActivationIdentity.backprop returns
        }
        return activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
    }

    /**
     * The score of per-row contributions {@code [B,1]}: their mean ({@code average}) or sum, taken in DOUBLE for
     * HALF (a HALF sum of many rows overflows long before the rows do).
     */
    public static double score(INDArray perRow, boolean average) {
        INDArray x = perRow.dataType() == DataType.HALF ? perRow.castTo(DataType.DOUBLE) : perRow;
        double sum = x.sumNumber().doubleValue();
        return average ? sum / perRow.size(0) : sum;
    }

    /**
     * Contrastive pair labels: every label exactly 0 or 1 (anything else would silently blend the two terms).
     * Integer and boolean labels are accepted.
     *
     * @param similarLabel the label value that marks a similar pair (named in the message)
     */
    public static void requireBinaryLabels(String loss, INDArray labels, int similarLabel) {
        // one value per row, read on the host: no native op on the common, valid path (a loss call's fixed costs
        // are a good part of it at a few hundred rows)
        double[] y = HostValues.doubles(labels.dataType() == DataType.BOOL ? labels.castTo(DataType.DOUBLE) : labels);
        for (int row = 0; row < y.length; row++) {
            if (y[row] != 0.0 && y[row] != 1.0) {       // NaN included
                throw new IllegalArgumentException(String.format(
                        "%s: expected pair labels of 0 or 1 (similarLabel=%d marks a similar pair), got %s at row %d",
                        loss, similarLabel, y[row], row));
            }
        }
    }

    /** A per-example mask: {@code [B,1]} or {@code [B]} of finite values, or null. */
    public static void requireExampleMask(String loss, INDArray mask, INDArray preOutput) {
        if (mask == null) {
            return;
        }
        boolean ok = mask.length() == preOutput.size(0)
                && (mask.rank() == 1 || (mask.rank() == 2 && mask.size(1) == 1));
        if (!ok) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected a per-example mask of shape [%d, 1], got %s", loss, preOutput.size(0), shape(mask)));
        }
        if (mask.dataType().isFPType()) {
            requireFinite(loss, "the mask", mask);
        }
    }

    /** @return {@code value}; throws {@code IllegalArgumentException} naming {@code loss} and {@code name} unless it is a finite number &gt;= 0 */
    static String shape(INDArray a) {
        return a == null ? "null" : Arrays.toString(a.shape());
    }
}
