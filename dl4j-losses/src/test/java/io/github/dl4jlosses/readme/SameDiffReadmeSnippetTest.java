package io.github.dl4jlosses.readme;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.samediff.SDLossOutput;
import io.github.dl4jlosses.samediff.SDTupleLosses;
import io.github.dl4jlosses.samediff.SameDiffTwins;
import io.github.dl4jlosses.testutil.ListMultiDataSetIterator;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.weightinit.impl.XavierInitScheme;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Using a loss in SameDiff" snippet, compiled and run so it cannot rot: the code between
 * {@code README:begin} and {@code README:end} is what the README shows. It uses the public API only
 * (this package is outside the library's).
 */
class SameDiffReadmeSnippetTest {

    @Test
    void snippetTrainsASiameseModelAndBuildsALossLayer() {
        MultiDataSetIterator pairIterator = ReadmeData.pairs(16);

        // README:begin
        int nIn = 16, embeddingSize = 8;
        SameDiff sd = SameDiff.create();
        SDVariable left = sd.placeHolder("left", DataType.FLOAT, -1, nIn);
        SDVariable right = sd.placeHolder("right", DataType.FLOAT, -1, nIn);
        SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, 1);   // 1 = similar pair

        // One tower, created once and applied to both inputs: the branches share its weights.
        SDVariable w = sd.var("w", new XavierInitScheme('c', nIn, embeddingSize), DataType.FLOAT, nIn, embeddingSize);
        SDVariable b = sd.zero("b", DataType.FLOAT, 1, embeddingSize);
        SDVariable e1 = sd.math().tanh(left.mmul(w).add(b));
        SDVariable e2 = sd.math().tanh(right.mmul(w).add(b));

        SDLossOutput loss = SDTupleLosses.contrastive(sd, "loss", e1, e2, labels,
                Distance.EUCLIDEAN, /*similarLabel*/ 1, /*marginPositive*/ 0.0, /*marginNegative*/ 1.0);
        sd.setLossVariables(loss.loss());          // "loss": the batch mean; "loss_perExample": [B,1]

        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Adam(1e-2))
                .dataSetFeatureMapping("left", "right")
                .dataSetLabelMapping("labels")
                .build());
        sd.fit(pairIterator, 10);                  // MultiDataSets of {left, right} features, [B,1] labels

        // The same loss as an ILossFunction, for a DL4J LossLayer: its SameDiff twin.
        ILossFunction twin = SameDiffTwins.of(LossContrastive.builder()
                .with(LossContrastive.MARGIN_NEGATIVE, 1.0).build());
        LossLayer lossLayer = new LossLayer.Builder(twin).activation(Activation.IDENTITY).build();
        // README:end

        assertEquals(40, sd.getTrainingConfig().getIterationCount(), "10 epochs of 4 batches");
        pairIterator.reset();
        org.nd4j.linalg.dataset.api.MultiDataSet probe = pairIterator.next();
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("left", probe.getFeatures(0));
        feed.put("right", probe.getFeatures(1));
        feed.put("labels", probe.getLabels(0));
        double trained = sd.outputSingle(feed, "loss").getDouble(0);
        INDArray perExample = sd.outputSingle(feed, "loss_perExample");
        assertEquals(probe.getFeatures(0).size(0), perExample.size(0));
        assertEquals(trained, perExample.meanNumber().doubleValue(), 1e-5);
        // Against fresh weights of the same initialisation, the trained tower scores far lower.
        w.getArr().assign(new XavierInitScheme('c', nIn, embeddingSize).create(DataType.FLOAT, nIn, embeddingSize));
        b.getArr().assign(0);
        double untrained = sd.outputSingle(feed, "loss").getDouble(0);
        assertTrue(trained < 0.5 * untrained, "trained " + trained + " vs untrained " + untrained);
        assertEquals(twin, lossLayer.getLossFn());
    }

    /** Seeded pairs from two well-separated classes, 4 batches of 32. */
    static final class ReadmeData {
        static MultiDataSetIterator pairs(int nIn) {
            Random r = new Random(1);
            List<MultiDataSet> batches = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                int rows = 32;
                float[][] l = new float[rows][nIn];
                float[][] rt = new float[rows][nIn];
                float[][] y = new float[rows][1];
                for (int i = 0; i < rows; i++) {
                    int cl = r.nextInt(2);
                    int cr = i % 2 == 0 ? cl : 1 - cl;
                    for (int j = 0; j < nIn; j++) {
                        l[i][j] = (float) (centre(cl, j) + 0.3 * r.nextGaussian());
                        rt[i][j] = (float) (centre(cr, j) + 0.3 * r.nextGaussian());
                    }
                    y[i][0] = cl == cr ? 1 : 0;
                }
                batches.add(new MultiDataSet(new INDArray[]{Nd4j.createFromArray(l), Nd4j.createFromArray(rt)},
                        new INDArray[]{Nd4j.createFromArray(y)}));
            }
            return new ListMultiDataSetIterator(batches);
        }

        private static double centre(int cls, int j) {
            return j % 2 == 0 ? (cls == 0 ? 1 : -1) : 0;
        }
    }
}
