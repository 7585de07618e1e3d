package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.distance.RowwiseDistance;
import io.github.dl4jlosses.mining.Selection;
import io.github.dl4jlosses.ops.HostValues;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Generalized triplet loss on a pair batch: every anchor is compared with the hardest in-batch negative,
 * the closest positive of another row (of another class, when class ids are given):
 * <pre>
 *   L = (1/N') Σ_i relu( d(a_i, p_i) − min_{j ∈ neg(i)} d(a_i, p_j) + m )
 * </pre>
 * where {@code neg(i)} are the rows {@code j ≠ i} (of a different class) and the sum and {@code N'} run over
 * the anchors that have at least one negative (all N anchors when no class ids are given). This is the
 * batch-hard triplet loss of Hermans, Beyer &amp; Leibe 2017 ("In Defense of the Triplet Loss for Person
 * Re-Identification") applied to the pair batches of Sohn 2016, with the FaceNet margin (Schroff 2015).
 * <p>
 * <b>Input</b> (pair batch, see {@link PairBatchLoss}): preOutput {@code [N, 2D] = [anchor | positive]},
 * {@code N >= 2}; labels optional class ids {@code [N,1]} or one-hot {@code [N,C]}. A per-example mask
 * removes rows (see {@link BatchLoss}).
 * <p>
 * <b>Defaults</b>: distance {@link Distance#SQUARED_EUCLIDEAN}, {@code margin = 0.2} (FaceNet's setting
 * for L2-normalised embeddings), {@code useClassIds = true}.
 */
public class LossGeneralizedTriplet extends PairBatchLoss {

    /** {@code margin}: Margin m &gt;= 0 (default 0.2). */
    public static final Option<Double> MARGIN = Option.nonNegative("margin", 0.2);
    /** {@code distance}: Distance (default squared Euclidean). */
    public static final Option<Distance> DISTANCE = Option.choice("distance", Distance.class,
            Distance.SQUARED_EUCLIDEAN);

    /** The defaults listed in the class documentation. */
    public LossGeneralizedTriplet() {
        super(List.of(MARGIN, DISTANCE, USE_CLASS_IDS));
    }

    /** @return a builder with every option at its default (set one with {@link LossBuilder#with}) */
    public static LossBuilder<LossGeneralizedTriplet> builder() {
        return new LossBuilder<>(LossGeneralizedTriplet::new);
    }

    @Override
    protected Forward forwardPairs(INDArray pairs, Classes classes, boolean withGradient) {
        INDArray[] ap = split(pairs);
        INDArray a = ap[0];
        INDArray p = ap[1];
        long n = a.size(0);
        RowwiseDistance positive = get(DISTANCE).rowwiseWithGradient(a, p);
        INDArray dAll = get(DISTANCE).matrix(a, p);                           // [N,N]
        INDArray dPos = positive.value();                                     // [N,1]
        // Every row its own class: the negatives are the off-diagonal entries, found without a mask (dAll's
        // diagonal is overwritten; the matrix is not needed after the pick, see the gradient below).
        Selection.Pick hardest = classes.eachOwnClass() ? Selection.minOffDiagonalInPlace(dAll)
                : Selection.min(dAll, classes.negatives());
        double anchors = hardest.found.sumNumber().doubleValue();
        if (anchors == 0) {
            warnDegenerate("no anchor has an in-batch negative (" + n + " row(s), all of one class?)" + SCORES_ZERO);
            return zeros(pairs, withGradient);
        }
        double scale = n / anchors;
        INDArray z = dPos.sub(hardest.value);
        INDArray perRow = Hinge.value(z, get(MARGIN), false).muli(hardest.found).muli(scale);
        if (!withGradient) {
            return new Forward(perRow, null);
        }
        INDArray w = Hinge.slope(z, get(MARGIN), false).muli(hardest.found).muli(scale);   // dΣ/d d(a_i,p_i)
        INDArray[] gPos = positive.gradient(w);
        // The hardest negative's distance d(a_i, p_{j_i}) is back-propagated through the row-wise distance of each
        // anchor and its gathered negative row ([N,D] work), and the negatives' part is added back to the rows it
        // came from by a scatter ([N,D] work; an index j_i may repeat): no [N,N] matrix in the gradient at all. The
        // scatter replaced a one-hot [N,N] matrix and its GEMM: 1.2 against 2.8–3.3 ms at 512×128, 2.9–3.0 against
        // 24 ms at 1024×512 (one thread, CPU time, session 16).
        int[] negatives = HostValues.ints(hardest.index);
        INDArray[] gNeg = get(DISTANCE).rowwiseWithGradient(a, Nd4j.pullRows(p, 1, negatives)).gradient(w.neg());
        INDArray gP = Rows.scatterAdd(gPos[1], negatives, gNeg[1]);
        return new Forward(perRow, join(gPos[0].addi(gNeg[0]), gP));
    }
}
