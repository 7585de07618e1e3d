package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossTriplet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a Triplet {@code ComputationGraphConfiguration}: an anchor, P positives and N negatives through one
 * shared tower, and a loss on {@code [B, (1+P+N)·D] = [a | p_1..p_P | n_1..n_N]}:
 * <pre>
 *   anchor, positive, negative ─▶ stack ─▶ tower ─▶ [l2norm] ─▶ branch_0..2 ─▶ merge ─▶ loss
 * </pre>
 * With P = N = 1 (default) the inputs are {@code anchor, positive, negative} and the default loss is
 * {@link LossTriplet}; otherwise they are {@code anchor, positive_1..positive_P, negative_1..negative_N} and
 * the default loss is a {@link LossMultiSampleTriplet} of that P and N. Labels are ignored by the tuple
 * losses; feed any {@code [B,1]} array.
 * <pre>{@code
 * ComputationGraphConfiguration conf = TripletGraph.builder()
 *         .tower(InputType.convolutional(28, 28, 1),
 *                 new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build(),
 *                 new GlobalPoolingLayer.Builder(PoolingType.AVG).build(),
 *                 new DenseLayer.Builder().nOut(32).activation(Activation.IDENTITY).build())
 *         .l2Normalize(true)
 *         .loss(LossTriplet.builder().with(LossTriplet.MARGIN, 0.2).build())
 *         .build();
 * }</pre>
 */
public final class TripletGraph extends SharedTowerBuilder<TripletGraph> {
    /** The anchor input. */
    public static final String ANCHOR = "anchor";
    /** The positive input (P = 1), or the prefix of {@code positive_1..positive_P}. */
    public static final String POSITIVE = "positive";
    /** The negative input (N = 1), or the prefix of {@code negative_1..negative_N}. */
    public static final String NEGATIVE = "negative";

    private int positives = 1;
    private int negatives = 1;
    private ILossFunction loss;

    private TripletGraph() {
    }

    /** @return a new builder of a Triplet (or 1+P+N multi-sample) graph with one shared tower */
    public static TripletGraph builder() {
        return new TripletGraph();
    }

    /** Number of positives per anchor, P &ge; 1 (default 1). */
    public TripletGraph positives(int positives) {
        if (positives < 1) {
            throw new IllegalArgumentException("TripletGraph: expected positives >= 1, got " + positives);
        }
        this.positives = positives;
        return this;
    }

    /** Number of negatives per anchor, N &ge; 1 (default 1). */
    public TripletGraph negatives(int negatives) {
        if (negatives < 1) {
            throw new IllegalArgumentException("TripletGraph: expected negatives >= 1, got " + negatives);
        }
        this.negatives = negatives;
        return this;
    }

    /** The loss on {@code [B, (1+P+N)·D]}; {@code null} restores the default (see the class documentation). */
    public TripletGraph loss(ILossFunction loss) {
        this.loss = loss;
        return this;
    }

    /** The input names, in the order the features must be given: anchor, positives, negatives. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        names.add(ANCHOR);
        boolean single = positives == 1 && negatives == 1;
        for (int i = 1; i <= positives; i++) {
            names.add(single ? POSITIVE : POSITIVE + "_" + i);
        }
        for (int i = 1; i <= negatives; i++) {
            names.add(single ? NEGATIVE : NEGATIVE + "_" + i);
        }
        return names;
    }

    @Override
    public ComputationGraphConfiguration build() {
        ILossFunction lossFn = resolveLoss();
        String[] inputs = inputNames().toArray(new String[0]);
        return sharedTowerGraph(inputs, GraphNames.MERGE, new MergeVertex(),
                GraphNames.LOSS, TowerWiring.lossLayer(lossFn, inputs.length * requireTower().outputSize()));
    }

    /** The given loss, checked against P and N where its tuple shape is known, or the default. */
    private ILossFunction resolveLoss() {
        boolean single = positives == 1 && negatives == 1;
        if (loss == null) {
            return single ? new LossTriplet()
                    : LossMultiSampleTriplet.builder().with(LossMultiSampleTriplet.POSITIVES, positives)
                            .with(LossMultiSampleTriplet.NEGATIVES, negatives).build();
        }
        if (loss instanceof LossTriplet && !single) {
            throw new IllegalArgumentException("TripletGraph: LossTriplet expects [a | p | n], but the graph has "
                    + positives + " positives and " + negatives + " negatives; use LossMultiSampleTriplet");
        }
        if (loss instanceof LossMultiSampleTriplet) {
            LossMultiSampleTriplet m = (LossMultiSampleTriplet) loss;
            int lossPositives = m.get(LossMultiSampleTriplet.POSITIVES);
            int lossNegatives = m.get(LossMultiSampleTriplet.NEGATIVES);
            if (lossPositives != positives || lossNegatives != negatives) {
                throw new IllegalArgumentException("TripletGraph: the loss expects " + lossPositives + " positives and "
                        + lossNegatives + " negatives, the graph has " + positives + " and " + negatives);
            }
        }
        return loss;
    }
}
