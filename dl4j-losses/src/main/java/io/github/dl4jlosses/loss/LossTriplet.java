package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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
        int[][] pairs = get(SWAP) ? new int[][]{{0, 1}, {0, 2}, {1, 2}} : new int[][]{{0, 1}, {0, 2}};
        RowwiseDistance[] d = Tuple.distances(get(DISTANCE), out, 3, pairs);
        RowwiseDistance ap = d[0];
        RowwiseDistance an = d[1];
        INDArray dan = an.value();
        requireFiniteDistances(out, ap.value(), dan);
        RowwiseDistance pn = null;
        INDArray useSwap = null; // 1 where d(p,n) < d(a,n): the negative distance is taken from p
        if (get(SWAP)) {
            pn = d[2];
            useSwap = pn.value().lt(dan).castTo(out.dataType());
            dan = Transforms.min(dan, pn.value(), true);
        }
        INDArray z = ap.value().sub(dan);
        INDArray perRow;
        INDArray dLdz;
        if (get(SOFT_MARGIN)) {
            perRow = Hinge.softplus(z);
            dLdz = withGradient ? Transforms.sigmoid(z, true) : null;
        } else {
            z.addi(get(MARGIN));
            perRow = Transforms.relu(z, true);
            dLdz = withGradient ? Transforms.step(z, true) : null;    // 1 where z > 0
        }
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        TupleGradient grad = new TupleGradient(3, out).add(ap, 0, 1, dLdz, 1.0);    // dL/d d(a,n) = -dLdz
        if (useSwap == null) {
            return new Forward(perRow, grad.add(an, 0, 2, dLdz, -1.0).joined());
        }
        grad.add(an, 0, 2, dLdz.mul(useSwap.rsub(1.0)), -1.0).add(pn, 1, 2, dLdz.mul(useSwap), -1.0);
        return new Forward(perRow, grad.joined());
    }
}
