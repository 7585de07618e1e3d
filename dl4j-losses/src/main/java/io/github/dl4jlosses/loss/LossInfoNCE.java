package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.UnitRows;
import io.github.dl4jlosses.mining.ClassLabels;
import io.github.dl4jlosses.mining.MaskedSoftmax;
import io.github.dl4jlosses.mining.RowSoftmax;
import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.CallWorkspace;
import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.Rows;
import io.github.dl4jlosses.ops.VectorRows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * InfoNCE with in-batch negatives (van den Oord, Li &amp; Vinyals 2018, "Representation Learning with
 * Contrastive Predictive Coding"; in-batch form and symmetric variant as in Neelakantan et al. 2022,
 * "Text and Code Embeddings by Contrastive Pre-Training", cpt):
 * <pre>
 *   s_ij = cos(a_i, p_j) / τ
 *   L_i^{a→p} = − log( exp(s_ii) / Σ_{j ∈ {i} ∪ neg(i)} exp(s_ij) )        (row-wise cross-entropy)
 *   L_i^{p→a} = − log( exp(s_ii) / Σ_{j ∈ {i} ∪ neg(i)} exp(s_ji) )        (column-wise, for symmetric)
 *   L = (1/N') Σ_i L_i^{a→p}           or, symmetric,   (1/N') Σ_i (L_i^{a→p} + L_i^{p→a}) / 2
 * </pre>
 * where {@code neg(i)} are the rows {@code j ≠ i} (of a different class, when class ids are given: same-class
 * rows are left out of the softmax, not treated as negatives), and the sum and {@code N'} run over the rows
 * that have at least one negative (all N when no class ids are given).
 * <p>
 * <b>Input</b> (pair batch, see {@link PairBatchLoss}): preOutput {@code [N, 2D] = [anchor | positive]},
 * {@code N >= 2}; labels optional class ids {@code [N,1]} or one-hot {@code [N,C]}. A per-example mask
 * removes rows (see {@link BatchLoss}).
 * <p>
 * <b>Defaults</b>: {@code temperature = 0.07} (CLIP/MoCo's), {@code symmetric = false} (van den Oord's
 * one-directional InfoNCE; cpt uses {@code symmetric = true}), {@code useClassIds = true}.
 */
public class LossInfoNCE extends PairBatchLoss {

    /**
     * Smallest temperature accepted: logits are {@code cos/τ}, and below this {@code 1/τ} (and the gradient's
     * {@code 1/τ}) leave HALF's range (max 65504); a denormal-tiny τ would even overflow DOUBLE to infinity.
     */
    public static final double MIN_TEMPERATURE = 1e-4;
    /** {@code temperature}: Temperature τ &gt; 0 (default 0.07). */
    public static final Option<Double> TEMPERATURE = Option.atLeast("temperature", MIN_TEMPERATURE, 0.07);
    /** {@code symmetric}: Average the anchor→positive and positive→anchor cross-entropies, as cpt (default false). */
    public static final Option<Boolean> SYMMETRIC = Option.flag("symmetric", false);

    /** The defaults listed in the class documentation. */
    public LossInfoNCE() {
        super(List.of(TEMPERATURE, SYMMETRIC, USE_CLASS_IDS));
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossInfoNCE> builder() {
        return new LossBuilder<>(LossInfoNCE::new);
    }

    /**
     * Without a mask (which removes rows before the loss sees them), the rows' norms, which the cosine logits need
     * anyway, are non-finite exactly where a row is (or where its squares overflow, which would zero its unit row):
     * no separate pass over the input (a sum over {@code [N, 2D]}).
     */
    @Override
    protected boolean checksFinitenessThroughDistances(INDArray mask) {
        return mask == null;
    }

    /**
     * Every row of {@code pairs} finite (see {@link #checksFinitenessThroughDistances}): through the rows' norms, but
     * in HALF by a pass over the input, since ND4J 1.0.0-M2.1's HALF norms can miss a NaN.
     */
    private void requireFiniteRows(INDArray pairs, UnitRows units) {
        if (pairs.dataType() == DataType.HALF) {
            LossInputs.requireFinite(name(), "preOutput", pairs);
        } else {
            requireFiniteDistances(pairs, units.rawNorms());
        }
    }

    @Override
    protected Forward forwardPairs(INDArray pairs, Classes classes, boolean withGradient) {
        if (classes.eachOwnClass() && !get(SYMMETRIC)) {
            return forwardAgainstDiagonal(pairs, withGradient);
        }
        return forward(pairs, classes, withGradient, !boundedShiftIsExact(get(TEMPERATURE), pairs.dataType()));
    }

    /**
     * The default case, every row its own class and one direction: each row's cross-entropy against its diagonal
     * entry, N-pair's route on the unit rows. libnd4j's fused row softmax replaces the exponentials, row sums and the
     * per-row scaling of {@code [N,N]} that the general route runs ({@link #forward}; same values up to rounding, the
     * softmax shifts each row by its own maximum), and the unit anchors and positives enter the products as column
     * views, whose gradients the products write into the returned array (no split, no join).
     */
    private Forward forwardAgainstDiagonal(INDArray pairs, boolean withGradient) {
        long n = pairs.size(0);
        long d = pairs.size(1) / 2;
        double invTau = 1 / get(TEMPERATURE);
        UnitRows units = UnitRows.of(pairs.reshape('c', 2 * n, d));          // rows 2i, 2i + 1: a_i, p_i
        requireFiniteRows(pairs, units);
        float[] inverseNorms = units.inverseNormsOnHost();
        if (onRawRows(pairs, inverseNorms)) {
            return againstDiagonalOnRawRows(pairs, units, inverseNorms, invTau, withGradient);
        }
        INDArray[] unit = views(units.unit().reshape('c', n, 2 * d));
        RowSoftmax rows = RowSoftmax.of(
                Nd4j.gemm(unit[0], unit[1], Nd4j.createUninitialized(pairs.dataType(), n, n), false, true, invTau, 0.0));
        INDArray perRow = rows.diagonalCrossEntropy();
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        // dL/ds = softmax − I, s = cos/τ: the 1/τ is the products' α.
        INDArray gS = rows.softmax;
        ClassLabels.diagonalView(gS).subi(1.0);
        INDArray grad = logitGradientInto(CallWorkspace.result(pairs.dataType(), pairs.shape()), gS, unit, invTau, 0.0);
        units.gradientInPlace(grad.reshape('c', 2 * n, d));                  // returned itself (no copy out)
        return new Forward(perRow, grad);
    }

    /**
     * {@link #forwardAgainstDiagonal} where {@link VectorRows} takes the rows (FLOAT: the JDK's Vector API or plain
     * loops): the cosine logits {@code s_ij = (a_i·p_j)/(τ‖a_i‖‖p_j‖)} from the product of the raw anchors and
     * positives, scaled inside the softmax's pass, which also writes the softmax's gradient scaled back the same way,
     * {@code h_ij = (softmax_ij − [i = j])/(τ‖a_i‖‖p_j‖)}; the gradient's products take the raw rows again
     * ({@code H·P} is {@code dL/dÂ} times the anchors' norms, {@code Hᵀ·A} likewise), and the normalisation's way back
     * reads the raw rows ({@link UnitRows#gradientThroughRawRowsInPlace}). No {@code [2N, D]} unit rows are written
     * and read, and the cross-entropy and the diagonal's −1 come out of the same pass (1024×512, in a workspace on a
     * 2-core EPYC: median 19.9–20.1 against 21.0–21.3 ms a call). Norms are floored at ε as {@link UnitRows} does;
     * {@link #productsStayInRange} keeps the raw products finite.
     */
    private Forward againstDiagonalOnRawRows(INDArray pairs, UnitRows units, float[] inverseNorms, double invTau,
                                             boolean withGradient) {
        int n = (int) pairs.size(0);
        long d = pairs.size(1) / 2;
        INDArray[] raw = views(pairs);
        float[] anchorScale = new float[n];
        float[] positiveScale = new float[n];
        for (int i = 0; i < n; i++) {
            anchorScale[i] = (float) (inverseNorms[2 * i] * invTau);
            positiveScale[i] = inverseNorms[2 * i + 1];
        }
        INDArray h = Nd4j.gemm(raw[0], raw[1], Nd4j.createUninitialized(pairs.dataType(), n, n), false, true, 1.0, 0.0);
        INDArray perRow = HostValues.column(VectorRows.scaledSoftmaxAgainstDiagonal(h, anchorScale, positiveScale));
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        INDArray grad = logitGradientInto(CallWorkspace.result(pairs.dataType(), pairs.shape()), h, raw, 1.0, 0.0);
        units.gradientThroughRawRowsInPlace(grad.reshape('c', 2 * n, d));   // returned itself (no copy out)
        return new Forward(perRow, grad);
    }

    /**
     * Whether {@link #forwardAgainstDiagonal} takes {@link #againstDiagonalOnRawRows}: two rows or more, the norms taken
     * on the host ({@code inverseNorms} not null), {@link VectorRows} takes {@code pairs}, and
     * {@link #productsStayInRange}.
     */
    static boolean onRawRows(INDArray pairs, float[] inverseNorms) {
        return pairs.size(0) > 1 && inverseNorms != null && VectorRows.acceptsOnHost(pairs) && productsStayInRange(inverseNorms);
    }

    /**
     * Whether products of raw rows stay finite: every floored norm at most 2^60, so {@code |a_i·p_j| ≤ 2^120} (FLOAT
     * reaches 2^128) and {@code 1/‖x‖²} stays a normal FLOAT. Rows this long fall back on the unit rows.
     */
    static boolean productsStayInRange(float[] inverseNorms) {
        for (float inverse : inverseNorms) {
            if (!(inverse >= 0x1p-60f)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code exp(s − 1/τ)} stays a normal number of {@code type} for every logit {@code s = cos/τ}, so a
     * constant shift can replace the per-row (masked) maximum: {@code s − 1/τ} lies in {@code [−2/τ, 0]} (up to
     * rounding), and {@code exp(−2/τ)} must stay well above the type's smallest normal number — FLOAT and
     * BFLOAT16: {@code e^−64} against {@code e^−87}, DOUBLE {@code e^−512} against {@code e^−708}, HALF {@code e^−8}
     * against {@code e^−9.7} — so no term of a row's sum loses precision to underflow however far below the
     * row's largest logit it lies. True for the default τ = 0.07 in FLOAT (2/τ ≈ 29).
     */
    static boolean boundedShiftIsExact(double temperature, DataType type) {
        double span = 2 / temperature;
        switch (type) {
            case DOUBLE:
                return span <= 512;
            case HALF:
                return span <= 8;
            default:
                return span <= 64;
        }
    }

    /**
     * The loss with the logits shifted by the constant {@code 1/τ} ({@code rowMaxShift = false}, only where
     * {@link #boundedShiftIsExact}) or by each row's (and, symmetric, each column's) largest kept logit, as the
     * general log-sum-exp; both give the same values up to rounding (package-private so tests compare them).
     */
    Forward forward(INDArray pairs, Classes classes, boolean withGradient, boolean rowMaxShift) {
        long n = pairs.size(0);
        long d = pairs.size(1) / 2;
        double tau = get(TEMPERATURE);
        boolean symmetric = get(SYMMETRIC);
        // kept_ij: the negatives of anchor i and its positive; every entry when every row is its own class.
        INDArray kept = null;
        INDArray hasNegative = null;
        double anchors = n;
        if (!classes.eachOwnClass()) {
            kept = ClassLabels.setDiagonal(classes.same.rsub(1.0), 1.0);
            hasNegative = Rows.sums(classes.same).lt(n).castTo(pairs.dataType());   // fewer of its class than rows
            anchors = hasNegative.sumNumber().doubleValue();
        }
        if (anchors == 0) {
            LossInputs.requireFinite(name(), "preOutput", pairs);              // no norms below to check it by
            warnDegenerate("no row has an in-batch negative (" + n + " row(s), all of one class?)" + SCORES_ZERO);
            return zeros(pairs, withGradient);
        }
        double scale = n / anchors;

        // Anchors and positives are normalised together, the [N, 2D] rows read as [2N, D] rows (row 2i is a_i, row
        // 2i + 1 is p_i), and so is their gradient below: half the ops of normalising each block on its own.
        UnitRows units = UnitRows.of(pairs.reshape('c', 2 * n, d));
        requireFiniteRows(pairs, units);
        INDArray[] unit = split(units.unit().reshape('c', n, 2 * d));
        INDArray ua = unit[0];
        INDArray up = unit[1];
        // z = s − c with s_ij = cos(a_i,p_j)/τ: one GEMM. With the constant shift c = 1/τ its accumulator starts at
        // −1 and β = 1/τ adds −1/τ (no pass over [N,N] for the shift); otherwise c = 0 here and each row/column is
        // shifted by its own maximum below.
        INDArray z;
        if (rowMaxShift) {
            z = Nd4j.gemm(ua, up, Nd4j.createUninitialized(pairs.dataType(), n, n), false, true, 1 / tau, 0.0);
        } else {
            z = Nd4j.createUninitialized(pairs.dataType(), n, n).assign(-1.0);
            Nd4j.gemm(ua, up, z, false, true, 1 / tau, 1 / tau);
        }
        INDArray diagonal = ClassLabels.diagonal(z);                          // the positives' z_ii
        // Rows: softmax over j of z_ij where kept; L_i = log Σ_j exp(z_ij) − z_ii (the shift cancels).
        INDArray rowShift = rowMaxShift ? MaskedSoftmax.rowMax(z, kept) : null;
        INDArray eRows = exponentials(z, rowShift, kept);
        INDArray rowSum = Rows.sums(eRows);
        INDArray perRow = lse(rowSum, rowShift).subi(diagonal);
        INDArray eCols = null;
        INDArray colSum = null;
        if (symmetric) {
            // Columns: softmax over i of z_ij (kept is symmetric); with the constant shift the same exponentials.
            INDArray colShift = rowMaxShift ? MaskedSoftmax.rowMax(z.transpose(), kept == null ? null : kept.transpose()) : null;
            eCols = rowMaxShift ? exponentials(z.transpose(), colShift, kept == null ? null : kept.transpose())
                    .transpose() : eRows;
            colSum = Rows.columnSums(eCols).reshape(n, 1);
            perRow.addi(lse(colSum, colShift).subi(diagonal)).muli(0.5);
        }
        INDArray weight = hasNegative == null
                ? Nd4j.valueArrayOf(new long[]{n, 1}, symmetric ? 0.5 * scale : scale, pairs.dataType())
                : hasNegative.mul(symmetric ? 0.5 * scale : scale);
        if (hasNegative != null) {
            perRow.muli(hasNegative);
        }
        perRow.muli(scale);
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        // dL/ds = diag(w/rowSum)·E_rows [+ E_cols·diag(w/colSum)] − k·diag(w), k = 1 or 2 (symmetric). The −k·diag(w)
        // part starts the GEMMs' accumulators (−k·w ⊙ Ŷ for dL/dÂ, −k·w ⊙ Â for dL/dŶ), so no pass over the
        // diagonal; s = cos/τ gives the 1/τ as α and β.
        INDArray g = Broadcast.mulColumn(eRows, weight.div(rowSum));
        if (symmetric) {
            g.addi(Broadcast.mulRow(eCols, weight.div(colSum)));
        }
        INDArray kw = weight.mul(symmetric ? -2.0 : -1.0);
        INDArray gUa = Broadcast.mulColumn(up, kw);
        INDArray gUp = Broadcast.mulColumn(ua, kw);
        Nd4j.gemm(g, up, gUa, false, false, 1 / tau, 1 / tau);
        Nd4j.gemm(g, ua, gUp, true, false, 1 / tau, 1 / tau);
        INDArray grad = join(gUa, gUp);                                       // returned itself, see Tuple.join
        units.gradientInPlace(grad.reshape('c', 2 * n, d));
        return new Forward(perRow, grad);
    }

    /**
     * {@code exp(z − shift)} (shift a column, or none) where kept (every entry when {@code kept} is null), 0 elsewhere:
     * a new array with a shift, else in place on {@code z} (whose diagonal has been copied and which is not needed after).
     */
    private static INDArray exponentials(INDArray z, INDArray shift, INDArray kept) {
        INDArray e = shift != null ? Broadcast.subColumn(z, shift) : z;
        Transforms.exp(e, false);
        return kept == null ? e : e.muli(kept);
    }

    /** {@code log(sum) + shift}: the log-sum-exp of the unshifted values. */
    private static INDArray lse(INDArray sum, INDArray shift) {
        INDArray l = Transforms.log(sum, true);
        return shift == null ? l : l.addi(shift);
    }
}
