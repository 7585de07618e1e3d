package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.heads.ArcFace;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossTriplet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The configurations proposed for the README, verbatim, build and take a training step. */
class ReadmeSnippetsTest {

    @Test
    void siamese() {
        INDArray left = Nd4j.rand(2, 784);
        INDArray right = Nd4j.rand(2, 784);
        INDArray same = Nd4j.createFromArray(new float[][]{{1}, {0}});

        // --- README: Siamese
        ComputationGraphConfiguration conf = SiameseGraph.builder()
                .tower(InputType.feedForward(784),
                        new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(),
                        new DenseLayer.Builder().nOut(32).activation(Activation.IDENTITY).build())
                .loss(LossContrastive.builder()
                .with(LossContrastive.MARGIN_NEGATIVE, 1.0).build())   // labels [B,1]: 1 = same
                .updater(new Adam(1e-3)).l2(1e-4).seed(42)
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        net.fit(new MultiDataSet(new INDArray[]{left, right}, new INDArray[]{same}));

        EmbeddingModel model = EmbeddingModel.fromGraph(net, Distance.EUCLIDEAN);
        INDArray embeddings = model.embed(left);                 // [B, 32], tower weights only
        boolean[] match = model.verify(left, right, 0.5);        // distance <= 0.5
        // --- end

        assertEquals(32, embeddings.size(1));
        assertEquals(2, match.length);
        assertEquals(784L * 128 + 128 + 128 * 32 + 32, net.numParams());
    }

    @Test
    void triplet() {
        INDArray a = Nd4j.rand(2, 1, 28, 28);
        INDArray p = Nd4j.rand(2, 1, 28, 28);
        INDArray n = Nd4j.rand(2, 1, 28, 28);

        // --- README: Triplet
        ComputationGraphConfiguration conf = TripletGraph.builder()
                .tower(InputType.convolutional(28, 28, 1),
                        new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build(),
                        new GlobalPoolingLayer.Builder(PoolingType.AVG).build(),
                        new DenseLayer.Builder().nOut(64).activation(Activation.IDENTITY).build())
                .l2Normalize(true)
                .loss(LossTriplet.builder().with(LossTriplet.MARGIN, 0.2)
                .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build())
                .build();                                        // inputs: anchor, positive, negative
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        net.fit(new MultiDataSet(new INDArray[]{a, p, n}, new INDArray[]{Nd4j.zeros(2, 1)}));
        // --- end

        assertEquals(5 * 5 * 16 + 16 + 16 * 64 + 64, net.numParams());
        assertEquals(64, EmbeddingModel.fromGraph(net).embed(a).size(1));
    }

    @Test
    void classificationHead() {
        int numClasses = 5;
        INDArray images = Nd4j.rand(4, 784);
        INDArray classIds = Nd4j.createFromArray(new float[][]{{0}, {3}, {4}, {3}});

        // --- README: ClassificationHeadGraph
        ComputationGraphConfiguration conf = ClassificationHeadGraph.builder()
                .tower(InputType.feedForward(784),
                        new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(),
                        new DenseLayer.Builder().nOut(32).activation(Activation.IDENTITY).build())
                .head(new ArcFace.Builder().nOut(numClasses).build())      // s = 64, m = 0.5; nIn from the tower
                .updater(new Adam(1e-3)).seed(42)
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        net.fit(new MultiDataSet(new INDArray[]{images}, new INDArray[]{classIds}));   // classIds [B,1]
        EmbeddingModel model = EmbeddingModel.fromGraph(net, Distance.COSINE);        // the tower only
        // --- end

        assertEquals(784L * 128 + 128 + 128 * 32 + 32 + 32 * numClasses, net.numParams());
        assertEquals(784L * 128 + 128 + 128 * 32 + 32, model.getNetwork().numParams());
        assertEquals(32, model.embed(images).size(1));
    }
}
