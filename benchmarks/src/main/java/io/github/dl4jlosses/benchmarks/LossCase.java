package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossCircle;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import io.github.dl4jlosses.loss.LossInfoNCE;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import io.github.dl4jlosses.loss.LossNPair;
import io.github.dl4jlosses.loss.LossSupCon;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.function.Supplier;

/**
 * The registry of benchmarked losses: one line per loss (its input family and a factory with the
 * options benchmarked; defaults unless stated). Every benchmark taking a {@code loss} parameter runs each constant here, so
 * adding a loss to the benchmarks is adding a line. The names are also the keys the PyTorch baseline
 * ({@code benchmarks/pytorch_baseline.py}) uses.
 */
public enum LossCase {
    CONTRASTIVE(InputFamily.PAIR, LossContrastive::new),
    TRIPLET(InputFamily.TRIPLET, LossTriplet::new),
    MULTI_SAMPLE_TRIPLET(InputFamily.MULTI_SAMPLE_2_2,
            () -> LossMultiSampleTriplet.builder().with(LossMultiSampleTriplet.POSITIVES, 2)
                    .with(LossMultiSampleTriplet.NEGATIVES, 2).build()),
    GENERALIZED_TRIPLET(InputFamily.PAIR_BATCH, LossGeneralizedTriplet::new),
    NPAIR(InputFamily.PAIR_BATCH, LossNPair::new),
    INFONCE(InputFamily.PAIR_BATCH, LossInfoNCE::new),
    BATCH_TRIPLET_ALL(InputFamily.LABELLED, () -> LossBatchTriplet.builder()
            .with(LossBatchTriplet.MINING, TripletMining.ALL).build()),
    BATCH_TRIPLET_HARD(InputFamily.LABELLED, () -> LossBatchTriplet.builder()
            .with(LossBatchTriplet.MINING, TripletMining.HARD).build()),
    BATCH_TRIPLET_SEMI_HARD(InputFamily.LABELLED,
            () -> LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.SEMI_HARD).build()),
    MULTI_SIMILARITY(InputFamily.LABELLED, LossMultiSimilarity::new),
    CIRCLE(InputFamily.LABELLED, LossCircle::new),
    SUPCON(InputFamily.LABELLED, LossSupCon::new),
    LIFTED_STRUCTURE(InputFamily.LABELLED, LossLiftedStructure::new);

    public final InputFamily family;
    private final Supplier<ILossFunction> factory;

    LossCase(InputFamily family, Supplier<ILossFunction> factory) {
        this.family = family;
        this.factory = factory;
    }

    /** A new instance of the loss with the benchmarked options. */
    public ILossFunction create() {
        return factory.get();
    }
}
