package io.github.dl4jlosses.examples;

import io.github.dl4jlosses.loss.LossContrastive;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Random;

/**
 * A small, self-contained Siamese network trained with {@link LossContrastive} on synthetic data:
 * eight Gaussian clusters in 16 dimensions, pairs labelled 1 (same cluster) or 0. Both inputs go
 * through one tower (StackVertex → Dense → Dense → UnstackVertex), so the branches share weights.
 * Prints the training loss per epoch, which falls as the embedding learns the clusters.
 */
public final class SiameseDemo {
    private static final int CLASSES = 8;
    private static final int DIM = 16;
    private static final int EMBED = 4;

    private SiameseDemo() {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Random rnd = new Random(42);
        double[][] centres = new double[CLASSES][DIM];
        for (double[] c : centres) for (int k = 0; k < DIM; k++) c[k] = rnd.nextGaussian();

        ComputationGraph net = new ComputationGraph(siameseConfiguration());
        net.init();
        System.out.println("Siamese demo: " + net.numParams() + " parameters, one shared tower, LossContrastive");
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double total = 0;
            int batches = 20;
            for (int b = 0; b < batches; b++) {
                MultiDataSet pairs = pairs(centres, 64, rnd);
                net.fit(pairs);
                total += net.score();
            }
            System.out.printf("epoch %2d  loss %.4f%n", epoch, total / batches);
        }
    }

    static ComputationGraphConfiguration siameseConfiguration() {
        return new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("left", "right")
                .addVertex("stack", new StackVertex(), "left", "right")
                .addLayer("hidden", new DenseLayer.Builder().nIn(DIM).nOut(32).activation(Activation.RELU).build(),
                        "stack")
                .addLayer("embed",
                        new DenseLayer.Builder().nIn(32).nOut(EMBED).activation(Activation.IDENTITY).build(), "hidden")
                .addVertex("leftEmbed", new UnstackVertex(0, 2), "embed")
                .addVertex("rightEmbed", new UnstackVertex(1, 2), "embed")
                .addVertex("pair", new MergeVertex(), "leftEmbed", "rightEmbed")
                .addLayer("loss", new LossLayer.Builder(LossContrastive.builder()
                .with(LossContrastive.MARGIN_NEGATIVE, 2.0).build())
                        .activation(Activation.IDENTITY).build(), "pair")
                .setOutputs("loss")
                .build();
    }

    /** Half same-cluster pairs (label 1), half different-cluster pairs (label 0), with noise 0.6. */
    static MultiDataSet pairs(double[][] centres, int n, Random rnd) {
        INDArray left = Nd4j.create(n, DIM);
        INDArray right = Nd4j.create(n, DIM);
        INDArray labels = Nd4j.create(n, 1);
        for (int i = 0; i < n; i++) {
            int a = rnd.nextInt(CLASSES);
            boolean same = i % 2 == 0;
            int b = same ? a : (a + 1 + rnd.nextInt(CLASSES - 1)) % CLASSES;
            for (int k = 0; k < DIM; k++) {
                left.putScalar(i, k, centres[a][k] + 0.6 * rnd.nextGaussian());
                right.putScalar(i, k, centres[b][k] + 0.6 * rnd.nextGaussian());
            }
            labels.putScalar(i, 0, same ? 1 : 0);
        }
        return new MultiDataSet(new INDArray[]{left, right}, new INDArray[]{labels});
    }
}
