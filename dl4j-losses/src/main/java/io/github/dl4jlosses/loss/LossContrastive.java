package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import io.github.dl4jlosses.ops.HostValues;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Contrastive loss (Hadsell, Chopra &amp; LeCun 2006, "Dimensionality Reduction by Learning an
 * Invariant Mapping"):
 * <pre>
 *   L_i = s_i · relu(d_i − m_pos)² + (1 − s_i) · relu(m_neg − d_i)²
 * </pre>
 * where {@code d_i = d(x1_i, x2_i)} and {@code s_i = 1} for a similar pair.
 * <p>
 * <b>Input</b> (pair family): preOutput {@code [B, 2D] = [x1 | x2]} (what a {@code MergeVertex} of two
 * branches gives); labels {@code [B,1]} with values 0 or 1. Which value means "similar" is explicit:
 * {@code similarLabel = 1} (default, as TensorFlow Addons' {@code contrastive_loss}) or
 * {@code similarLabel = 0} (as Hadsell's paper, where Y=0 marks a similar pair).
 * <p>
 * <b>Defaults</b>: distance {@link Distance#EUCLIDEAN}, {@code similarLabel = 1}, {@code marginPositive = 0},
 * {@code marginNegative = 1}.
 */
public class LossContrastive extends TupleLoss {

    /** {@code distance}: the distance between the two embeddings of a pair (default Euclidean). */
    public static final Option<Distance> DISTANCE = Option.choice("distance", Distance.class, Distance.EUCLIDEAN);
    /** {@code similarLabel}: Label value that marks a similar pair: 1 (default) or 0 (Hadsell 2006). */
    public static final Option<Integer> SIMILAR_LABEL = Option.integerOneOf("similarLabel", 1, 0, 1);
    /** {@code marginPositive}: Similar pairs are pulled until their distance is at most this (default 0). */
    public static final Option<Double> MARGIN_POSITIVE = Option.nonNegative("marginPositive", 0.0);
    /** {@code marginNegative}: Dissimilar pairs are pushed until their distance is at least this (default 1). */
    public static final Option<Double> MARGIN_NEGATIVE = Option.nonNegative("marginNegative", 1.0);

    /** The defaults listed in the class documentation. */
    public LossContrastive() {
        super(List.of(DISTANCE, SIMILAR_LABEL, MARGIN_POSITIVE, MARGIN_NEGATIVE), 2, "[x1 | x2]");
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossContrastive> builder() {
        return new LossBuilder<>(LossContrastive::new);
    }

    /** Labels: one 0/1 column ({@code similarLabel} marks a similar pair). */
    @Override
    protected void validate(String owner, INDArray labels, INDArray preOutput) {
        LossInputs.requireTupleWidth(owner, preOutput, blocks(), layout());
        LossInputs.requireColumnLabels(owner, labels, preOutput);
        LossInputs.requireBinaryLabels(owner, labels, get(SIMILAR_LABEL));
    }

    @Override
    protected Forward forward(INDArray labels, INDArray out, boolean withGradient) {
        RowwiseDistance rd = Tuple.distances(get(DISTANCE), out, 2, new int[]{0, 1})[0];
        double[] d = rd.values();
        requireFiniteDistances(out, d);
        double[] y = HostValues.doubles(labels);
        int similar = get(SIMILAR_LABEL);
        double mPos = get(MARGIN_POSITIVE);
        double mNeg = get(MARGIN_NEGATIVE);
        // t = s relu(d - m_pos) - (1-s) relu(m_neg - d); with s ∈ {0,1}, L = t² and dL/dd = 2t. Per row on the heap
        // (see TupleLoss): B values, where libnd4j's [B,1] ops cost more to call than to compute.
        double[] t = new double[d.length];
        double[] perRow = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            t[i] = y[i] == similar ? Math.max(0, d[i] - mPos) : -Math.max(0, mNeg - d[i]);
            perRow[i] = t[i] * t[i];
        }
        INDArray rows = column(perRow, out);
        if (!withGradient) {
            return new Forward(rows, null);
        }
        return new Forward(rows, new TupleGradient(2, out).add(rd, 0, 1, t, 2.0).joined());
    }
}
