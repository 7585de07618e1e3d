package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.TripletGraph;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossTriplet;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Scope;

/**
 * One training iteration ({@code ComputationGraph.fit(MultiDataSet)}: forward, loss, backward, SGD
 * update) of a {@link SiameseGraph} (two inputs, contrastive loss) and of a {@link TripletGraph} (three
 * inputs, triplet loss), both with the {@link SmallCnn} tower shared between branches, SGD, FLOAT,
 * batch 64 tuples.
 */
@State(Scope.Benchmark)
public class GraphStepBenchmark extends BenchDefaults {
    /** Tuples per batch (a Siamese step embeds 2×64 images, a Triplet step 3×64). */
    public static final int BATCH = 64;

    private ComputationGraph siamese;
    private ComputationGraph triplet;
    private MultiDataSet pairs;
    private MultiDataSet triplets;

    @Setup
    public void setup() {
        Nd4j.getRandom().setSeed(42);
        siamese = new ComputationGraph(SiameseGraph.builder().tower(SmallCnn.tower()).loss(new LossContrastive())
                .updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build());
        siamese.init();
        triplet = new ComputationGraph(TripletGraph.builder().tower(SmallCnn.tower()).loss(new LossTriplet())
                .updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build());
        triplet.init();
        INDArray pairLabels = Nd4j.createFromArray(alternating(BATCH)).reshape(BATCH, 1).castTo(DataType.FLOAT);
        pairs = new MultiDataSet(images(2), new INDArray[]{pairLabels});
        triplets = new MultiDataSet(images(3), new INDArray[]{Nd4j.zeros(DataType.FLOAT, BATCH, 1)});
    }

    @Benchmark
    public ComputationGraph siameseStep() {
        siamese.fit(pairs);
        return siamese;
    }

    @Benchmark
    public ComputationGraph tripletStep() {
        triplet.fit(triplets);
        return triplet;
    }

    private static INDArray[] images(int branches) {
        INDArray[] x = new INDArray[branches];
        for (int i = 0; i < branches; i++) {
            x[i] = Nd4j.rand(DataType.FLOAT, BATCH, SmallCnn.CHANNELS, SmallCnn.HEIGHT, SmallCnn.WIDTH);
        }
        return x;
    }

    private static float[] alternating(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 2;
        }
        return v;
    }
}
