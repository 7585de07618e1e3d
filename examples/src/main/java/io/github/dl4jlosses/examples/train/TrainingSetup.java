package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.data.LabelFormat;
import io.github.dl4jlosses.data.PKBatchIterator;
import io.github.dl4jlosses.data.PairBatchIterator;
import io.github.dl4jlosses.data.PairMultiDataSetIterator;
import io.github.dl4jlosses.data.TripletMultiDataSetIterator;
import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.examples.cli.LossChoice;
import io.github.dl4jlosses.graph.ClassificationHeadGraph;
import io.github.dl4jlosses.graph.KochSiameseGraph;
import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.SingleInputGraph;
import io.github.dl4jlosses.graph.Tower;
import io.github.dl4jlosses.graph.TripletGraph;
import io.github.dl4jlosses.heads.CosineHead;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import io.github.dl4jlosses.loss.LossInfoNCE;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import io.github.dl4jlosses.loss.LossNPair;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * For each {@link LossChoice}: the loss with the settings its paper recommends, the graph that feeds
 * it (Siamese, Triplet, Koch, single-input or classification-head, all sharing one tower), and the batches it
 * trains on. Embeddings are L2-normalised for the margin losses (FaceNet's practice, so margins have a fixed
 * scale); N-pair, InfoNCE and multi-similarity normalise or regularise on their own, and so do the heads.
 * <p>
 * Every loss sees about P×K images a batch: P×K for the mined losses and the heads, P×K pairs (or triplets)
 * for the tuple losses, and K/2 stacked groups of P distinct-class pairs for the in-batch-negative losses
 * ({@link StackedPairBatches}).
 */
public final class TrainingSetup {
    public final LossChoice choice;
    /** The loss of a loss layer; null for Koch (its own output layer) and the heads (see {@link #head}). */
    public final ILossFunction loss;
    /** The classification head of the head losses, null otherwise; set by {@link #withHead}. */
    public final CosineHead head;
    public final boolean l2Normalize;
    /** The distance an embedding model should compare with, for verification and retrieval. */
    public final Distance distance;

    private TrainingSetup(LossChoice choice, ILossFunction loss, boolean l2Normalize, Distance distance) {
        this(choice, loss, null, l2Normalize, distance);
    }

    private TrainingSetup(LossChoice choice, ILossFunction loss, CosineHead head, boolean l2Normalize,
            Distance distance) {
        this.choice = choice;
        this.loss = loss;
        this.head = head;
        this.l2Normalize = l2Normalize;
        this.distance = distance;
    }

    public static TrainingSetup of(LossChoice choice) {
        switch (choice) {
            case CONTRASTIVE:
                return new TrainingSetup(choice, LossContrastive.builder()
                        .with(LossContrastive.MARGIN_NEGATIVE, 1.0).build(), true, Distance.COSINE);
            case TRIPLET:
                return new TrainingSetup(choice, LossTriplet.builder().with(LossTriplet.MARGIN, 0.2)
                        .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build(),
                        true, Distance.COSINE);
            case BATCH_HARD:
                return new TrainingSetup(choice, LossBatchTriplet.builder()
                        .with(LossBatchTriplet.MINING, TripletMining.HARD).with(LossBatchTriplet.MARGIN, 0.2)
                        .with(LossBatchTriplet.DISTANCE, Distance.EUCLIDEAN).build(), true, Distance.COSINE);
            case SEMI_HARD:
                return new TrainingSetup(choice, LossBatchTriplet.builder()
                        .with(LossBatchTriplet.MINING, TripletMining.SEMI_HARD).with(LossBatchTriplet.MARGIN, 0.2)
                        .with(LossBatchTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build(), true, Distance.COSINE);
            case GENERALIZED_TRIPLET:
                return new TrainingSetup(choice, LossGeneralizedTriplet.builder()
                        .with(LossGeneralizedTriplet.MARGIN, 0.2).build(), true, Distance.COSINE);
            case NPAIR:
                return new TrainingSetup(choice, LossNPair.builder().build(), false, Distance.COSINE);
            case INFONCE:
                return new TrainingSetup(choice, LossInfoNCE.builder()
                        .with(LossInfoNCE.TEMPERATURE, 0.1).build(), false, Distance.COSINE);
            case MULTI_SIMILARITY:
                return new TrainingSetup(choice, LossMultiSimilarity.builder().build(), false, Distance.COSINE);
            case KOCH:
                return new TrainingSetup(choice, null, false, Distance.COSINE);
            case ARCFACE:
            case COSFACE:
            case SUBCENTER_ARCFACE:
            case PROXY_ANCHOR:
                // the head normalises embeddings and class weights itself; set the head with withHead
                return new TrainingSetup(choice, null, false, Distance.COSINE);
            default:
                throw new AssertionError(choice);
        }
    }

    /** This setup with {@code head} on top of the tower (the head losses only). */
    public TrainingSetup withHead(CosineHead head) {
        if (!choice.isHead()) throw new IllegalStateException("--loss " + choice + " has no classification head");
        return new TrainingSetup(choice, null, head, l2Normalize, distance);
    }

    /**
     * The graph around {@code tower}, trained by Adam at {@code learningRate}; {@code weightDecay} is
     * DL4J's L2 on the weights (Koch's graph keeps the paper's 1e-4 unless a larger one is given).
     */
    public ComputationGraphConfiguration graph(Tower tower, double learningRate, double weightDecay, long seed) {
        Adam updater = new Adam(learningRate);
        switch (choice.batches) {
            case PAIRS:
                if (choice == LossChoice.KOCH) {
                    return KochSiameseGraph.builder().tower(tower).updater(updater).seed(seed)
                            .l2(Math.max(1e-4, weightDecay)).build();
                }
                return SiameseGraph.builder().tower(tower).updater(updater).seed(seed).l2(weightDecay).l2Normalize(l2Normalize)
                        .loss(loss).build();
            case PAIR_BATCH:
                return SiameseGraph.builder().tower(tower).updater(updater).seed(seed).l2(weightDecay).l2Normalize(l2Normalize)
                        .loss(loss).build();
            case TRIPLETS:
                return TripletGraph.builder().tower(tower).updater(updater).seed(seed).l2(weightDecay).l2Normalize(l2Normalize)
                        .loss(loss).build();
            case PK_BATCH:
                return SingleInputGraph.builder().tower(tower).updater(updater).seed(seed).l2(weightDecay).l2Normalize(l2Normalize)
                        .loss(loss).build();
            case CLASS_HEAD:
                if (head == null) throw new IllegalStateException("--loss " + choice + ": no head set (withHead)");
                return ClassificationHeadGraph.builder().tower(tower).updater(updater).seed(seed).l2(weightDecay)
                        .l2Normalize(l2Normalize).head(head).build();
            default:
                throw new AssertionError(choice);
        }
    }

    /**
     * Training batches over {@code train} (features {@code [n, c·h·w]}, class-id labels {@code [n,1]}):
     * P classes × K examples for the mined losses and the heads, P·K pairs or triplets for the tuple losses, and
     * for the in-batch-negative losses K/2 groups of P distinct-class pairs stacked into one batch (P·K images).
     */
    public MultiDataSetIterator batches(DataSet train, int p, int k, long seed) {
        switch (choice.batches) {
            case PAIRS:
                return PairMultiDataSetIterator.builder().data(train).classBalancedBatches(p, k)
                        .positiveFraction(0.5).seed(seed).withReplacement(true).build();
            case TRIPLETS:
                return TripletMultiDataSetIterator.builder().data(train).classBalancedBatches(p, k)
                        .seed(seed).withReplacement(true).build();
            case PAIR_BATCH:
                // a class of one image cannot give an anchor and a positive: left out, as BatchLimits counts
                return new StackedPairBatches(PairBatchIterator.builder().data(train).pairsPerBatch(p).seed(seed)
                        .dropSmallClasses(true).buildMultiDataSetIterator(), pairGroups(k));
            case PK_BATCH:
            case CLASS_HEAD: {
                DataSetIterator it = PKBatchIterator.builder().data(train).classesPerBatch(p).examplesPerClass(k)
                        .labelFormat(LabelFormat.CLASS_IDS).seed(seed).withReplacement(true).build();
                return new DataSetAsMultiDataSetIterator(it);
            }
            default:
                throw new AssertionError(choice);
        }
    }

    /** Groups of P distinct-class pairs stacked into one in-batch-negative batch: K/2 (at least 1), P·K images. */
    public static int pairGroups(int k) {
        return Math.max(1, k / 2);
    }
}
