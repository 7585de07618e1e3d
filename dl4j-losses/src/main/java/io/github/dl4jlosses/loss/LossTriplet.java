package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Triplet margin loss (Schroff, Kalenichenko &amp; Philbin 2015, FaceNet; Hoffer &amp; Ailon 2015):
 * <pre>
 *   L_i = relu(d(a_i, p_i) − d(a_i, n_i) + m)                  (hinge, default)
 *   L_i = log(1 + exp(d(a_i, p_i) − d(a_i, n_i)))               (softMargin; the margin is not used)
 * </pre>
 * With {@code swap} (Balntas et al. 2016, "Learning local feature descriptors with triplets and
 * shallow convolutional neural networks") the negative distance is {@code min(d(a,n), d(p,n))}.
 * <p>
 * <b>Input</b> (tuple family): preOutput {@code [B, 3D] = [a | p | n]}; labels are ignored (any {@code [B,1]}).
 * <p>
 * <b>Defaults</b> (those of PyTorch's {@code TripletMarginLoss}): {@code margin = 1}, distance
 * {@link Distance#EUCLIDEAN}, {@code swap = false}, {@code softMargin = false}. FaceNet's setting is
 * {@code margin(0.2).distance(Distance.SQUARED_EUCLIDEAN)} on L2-normalised embeddings.
 */
public class LossTriplet extends TupleLoss {

    /** {@code margin}: Margin m &gt;= 0 (default 1). */
    public static final Option<Double> MARGIN = Option.nonNegative("margin", 1.0);
    /** {@code distance}: the distance between anchor, positive and negative (default Euclidean). */
    public static final Option<Distance> DISTANCE = Option.choice("distance", Distance.class, Distance.EUCLIDEAN);
    /** {@code swap}: Balntas 2016 distance swap: use min(d(a,n), d(p,n)) as the negative distance (default false). */
    public static final Option<Boolean> SWAP = Option.flag("swap", false);
    /** {@code softMargin}: Soft margin log(1+exp(d_ap − d_an)) instead of the hinge (default false). */
    public static final Option<Boolean> SOFT_MARGIN = Option.flag("softMargin", false);

    /** The defaults listed in the class documentation. */
    public LossTriplet() {
        super(List.of(MARGIN, DISTANCE, SWAP, SOFT_MARGIN), 3, "[anchor | positive | negative]");
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossTriplet> builder() {
        return new LossBuilder<>(LossTriplet::new);
    }

    @Override
    protected Forward forward(INDArray labels, INDArray out, boolean withGradient) {
        boolean swap = get(SWAP);
        int[][] pairs = swap ? new int[][]{{0, 1}, {0, 2}, {1, 2}} : new int[][]{{0, 1}, {0, 2}};
        RowwiseDistance[] d = Tuple.distances(get(DISTANCE), out, 3, pairs);
        double[] ap = d[0].values();
        double[] an = d[1].values();
        double[] pn = swap ? d[2].values() : new double[0];
        requireFiniteDistances(out, ap, an, pn);
        boolean soft = get(SOFT_MARGIN);
        double margin = get(MARGIN);
        // per row on the heap (see TupleLoss); with swap the negative distance is d(p,n) where it is the smaller
        double[] perRow = new double[ap.length];
        double[] toAp = new double[ap.length];         // dL/d d(a,p)
        // −dL/d d(a,n) and −dL/d d(p,n): the slope goes to whichever negative distance the row used (without swap
        // always d(a,n), so toAn is toAp itself)
        double[] toAn = swap ? new double[ap.length] : toAp;
        double[] toPn = new double[swap ? ap.length : 0];
        for (int i = 0; i < ap.length; i++) {
            boolean swapped = swap && pn[i] < an[i];
            double z = ap[i] - (swapped ? pn[i] : an[i]);
            if (soft) {                                 // log(1 + e^z) without overflow; its slope is sigmoid(z)
                perRow[i] = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
                toAp[i] = 1 / (1 + Math.exp(-z));
            } else {
                perRow[i] = Math.max(z + margin, 0);
                toAp[i] = z + margin > 0 ? 1 : 0;
            }
            if (swapped) {
                toPn[i] = toAp[i];
            } else if (swap) {
                toAn[i] = toAp[i];
            }
        }
        INDArray rows = column(perRow, out);
        if (!withGradient) {
            return new Forward(rows, null);
        }
        TupleGradient grad = new TupleGradient(3, out).add(d[0], 0, 1, toAp, 1.0).add(d[1], 0, 2, toAn, -1.0);
        return new Forward(rows, swap ? grad.add(d[2], 1, 2, toPn, -1.0).joined() : grad.joined());
    }
}
