package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.data.LabelFormat;
import io.github.dl4jlosses.data.PKBatchIterator;
import io.github.dl4jlosses.data.PairBatchIterator;
import io.github.dl4jlosses.data.PairMultiDataSetIterator;
import io.github.dl4jlosses.data.TripletMultiDataSetIterator;
import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.examples.cli.LossChoice;
import io.github.dl4jlosses.graph.KochSiameseGraph;
import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.SingleInputGraph;
import io.github.dl4jlosses.graph.Tower;
import io.github.dl4jlosses.graph.TripletGraph;
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
 * it (Siamese, Triplet, Koch or single-input, all sharing one tower), and the batches it trains on.
 * Embeddings are L2-normalised for the margin losses (FaceNet's practice, so margins have a fixed
 * scale); N-pair, InfoNCE and multi-similarity normalise or regularise on their own.
 */
public final class TrainingSetup {
    public final LossChoice choice;
    public final ILossFunction loss;
    public final boolean l2Normalize;
    /** The distance an embedding model should compare with, for verification and retrieval. */
    public final Distance distance;

    private TrainingSetup(LossChoice choice, ILossFunction loss, boolean l2Normalize, Distance distance) {
        this.choice = choice;
        this.loss = loss;
        this.l2Normalize = l2Normalize;
        this.distance = distance;
    }

    public static TrainingSetup of(LossChoice choice) {
        switch (choice) {
            case CONTRASTIVE:
                return new TrainingSetup(choice, LossContrastive.builder().marginNegative(1.0).build(), true, Distance.COSINE);
            case TRIPLET:
                return new TrainingSetup(choice, LossTriplet.builder().margin(0.2).distance(Distance.SQUARED_EUCLIDEAN).build(),
                        true, Distance.COSINE);
            case BATCH_HARD:
                return new TrainingSetup(choice, LossBatchTriplet.builder().mining(TripletMining.HARD).margin(0.2)
                        .distance(Distance.EUCLIDEAN).build(), true, Distance.COSINE);
            case SEMI_HARD:
                return new TrainingSetup(choice, LossBatchTriplet.builder().mining(TripletMining.SEMI_HARD).margin(0.2)
                        .distance(Distance.SQUARED_EUCLIDEAN).build(), true, Distance.COSINE);
            case GENERALIZED_TRIPLET:
                return new TrainingSetup(choice, LossGeneralizedTriplet.builder().margin(0.2).build(), true, Distance.COSINE);
            case NPAIR:
                return new TrainingSetup(choice, LossNPair.builder().build(), false, Distance.COSINE);
            case INFONCE:
                return new TrainingSetup(choice, LossInfoNCE.builder().temperature(0.1).build(), false, Distance.COSINE);
            case MULTI_SIMILARITY:
                return new TrainingSetup(choice, LossMultiSimilarity.builder().build(), false, Distance.COSINE);
            case KOCH:
                return new TrainingSetup(choice, null, false, Distance.COSINE);
            default:
                throw new AssertionError(choice);
        }
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
            default:
                throw new AssertionError(choice);
        }
    }

    /**
     * Training batches over {@code train} (features {@code [n, c·h·w]}, class-id labels {@code [n,1]}):
     * P classes × K examples for the mined losses, P·K pairs or triplets otherwise.
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
                return PairBatchIterator.builder().data(train).pairsPerBatch(p).seed(seed).dropSmallClasses(true)
                        .buildMultiDataSetIterator();
            case PK_BATCH: {
                DataSetIterator it = PKBatchIterator.builder().data(train).classesPerBatch(p).examplesPerClass(k)
                        .labelFormat(LabelFormat.CLASS_IDS).seed(seed).withReplacement(true).build();
                return new DataSetAsMultiDataSetIterator(it);
            }
            default:
                throw new AssertionError(choice);
        }
    }

}
