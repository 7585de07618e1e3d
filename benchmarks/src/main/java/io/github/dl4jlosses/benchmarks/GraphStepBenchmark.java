package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossTriplet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Scope;

import java.util.List;

/**
 * One training iteration ({@code ComputationGraph.fit(MultiDataSet)}: forward, loss, backward, SGD
 * update) of a Siamese graph (two inputs, contrastive loss) and of a Triplet graph (three inputs,
 * triplet loss), both with the {@link SmallCnn} tower shared between branches (stack, tower, unstack,
 * merge, as DESIGN.md), FLOAT, batch 64 tuples.
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
        siamese = new ComputationGraph(sharedTowerGraph(2, new LossContrastive()));
        siamese.init();
        triplet = new ComputationGraph(sharedTowerGraph(3, new LossTriplet()));
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

    /** inputs → StackVertex → tower → UnstackVertex × k → MergeVertex → LossLayer(loss). */
    static ComputationGraphConfiguration sharedTowerGraph(int branches, ILossFunction loss) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.FLOAT)
                .updater(new Sgd(0.01))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder();
        String[] inputs = new String[branches];
        InputType[] types = new InputType[branches];
        for (int i = 0; i < branches; i++) {
            inputs[i] = "in" + i;
            types[i] = SmallCnn.inputType();
        }
        g.addInputs(inputs).setInputTypes(types);
        g.addVertex("stack", new StackVertex(), inputs);
        String previous = "stack";
        List<Layer> tower = SmallCnn.layers();
        for (int i = 0; i < tower.size(); i++) {
            g.addLayer("tower" + i, tower.get(i), previous);
            previous = "tower" + i;
        }
        String[] branchOutputs = new String[branches];
        for (int i = 0; i < branches; i++) {
            branchOutputs[i] = "unstack" + i;
            g.addVertex(branchOutputs[i], new UnstackVertex(i, branches), previous);
        }
        g.addVertex("merge", new MergeVertex(), branchOutputs);
        g.addLayer("loss", new LossLayer.Builder().lossFunction(loss).activation(Activation.IDENTITY).build(), "merge");
        return g.setOutputs("loss").build();
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
