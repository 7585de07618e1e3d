package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Multi-sample triplet loss: each anchor comes with P positives and N negatives, and the hinge
 * compares the mean positive distance with the mean negative distance:
 * <pre>
 *   L_i = relu( (1/P) Σ_k d(a_i, p_ik) − (1/N) Σ_k d(a_i, n_ik) + m )
 * </pre>
 * averaged over anchors. With P = N = 1 it is {@link LossTriplet} without swap (Schroff 2015).
 * <p>
 * <b>Input</b> (tuple family): preOutput {@code [B, (1+P+N)·D] = [a | p_1 .. p_P | n_1 .. n_N]};
 * labels are ignored (any {@code [B,1]}).
 * <p>
 * <b>Defaults</b>: {@code positives = 1}, {@code negatives = 1}, {@code margin = 1},
 * distance {@link Distance#EUCLIDEAN}.
 */
public class LossMultiSampleTriplet extends TupleLoss {

    /** {@code positives}: Number of positives P per anchor (default 1). */
    public static final Option<Integer> POSITIVES = Option.integerAtLeast("positives", 1, 1);
    /** {@code negatives}: Number of negatives N per anchor (default 1). */
    public static final Option<Integer> NEGATIVES = Option.integerAtLeast("negatives", 1, 1);
    /** {@code margin}: margin m &gt;= 0 of every (positive, negative) hinge (default 1). */
    public static final Option<Double> MARGIN = Option.nonNegative("margin", 1.0);
    /** {@code distance}: the distance of the anchor to its positives and negatives (default Euclidean). */
    public static final Option<Distance> DISTANCE = Option.choice("distance", Distance.class, Distance.EUCLIDEAN);

    /** The defaults listed in the class documentation. */
    public LossMultiSampleTriplet() {
        super(List.of(POSITIVES, NEGATIVES, MARGIN, DISTANCE));
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossMultiSampleTriplet> builder() {
        return new LossBuilder<>(LossMultiSampleTriplet::new);
    }

    @Override
    public int blocks() {
        return 1 + get(POSITIVES) + get(NEGATIVES);
    }

    @Override
    protected String layout() {
        return "[anchor | " + get(POSITIVES) + " positives | " + get(NEGATIVES) + " negatives]";
    }

    @Override
    protected Forward forward(INDArray labels, INDArray out, boolean withGradient) {
        int positives = get(POSITIVES);
        int negatives = get(NEGATIVES);
        int[][] pairs = new int[positives + negatives][];
        for (int k = 0; k < pairs.length; k++) {
            pairs[k] = new int[]{0, 1 + k};
        }
        RowwiseDistance[] toBlock = Tuple.distances(get(DISTANCE), out, blocks(), pairs); // d(a, block 1 + k)
        // z = mean of the positives' distances − mean of the negatives': each distance's weight in z, and in its gradient
        double[] weight = new double[toBlock.length];
        for (int k = 0; k < weight.length; k++) {
            weight[k] = k < positives ? 1.0 / positives : -1.0 / negatives;
        }
        double[] z = new double[(int) out.size(0)];
        for (int k = 0; k < toBlock.length; k++) {
            double[] d = toBlock[k].values();
            for (int i = 0; i < z.length; i++) {
                z[i] += weight[k] * d[i];
            }
        }
        // z is non-finite exactly when one of its distances is (inf − inf is NaN): one check covers all blocks
        requireFiniteDistances(out, z);
        double margin = get(MARGIN);
        double[] perRow = new double[z.length];
        double[] active = new double[z.length];      // 1 where z + margin > 0
        for (int i = 0; i < z.length; i++) {
            perRow[i] = Math.max(z[i] + margin, 0);
            active[i] = z[i] + margin > 0 ? 1 : 0;
        }
        INDArray rows = column(perRow, out);
        if (!withGradient) {
            return new Forward(rows, null);
        }
        TupleGradient grad = new TupleGradient(blocks(), out);
        for (int k = 0; k < toBlock.length; k++) {
            grad.add(toBlock[k], 0, 1 + k, active, weight[k]);
        }
        return new Forward(rows, grad.joined());
    }
}
