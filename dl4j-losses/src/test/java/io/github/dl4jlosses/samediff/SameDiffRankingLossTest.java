package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.SameDiffLoss;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three limits of DL4J's {@code SameDiffLoss} that {@link SameDiffRankingLoss} lifts. */
class SameDiffRankingLossTest {
    private static final IActivation IDENTITY = Activation.IDENTITY.getActivationFunction();

    /** DL4J's own base, defined the obvious way, for contrast. */
    static final class PlainSameDiffContrastive extends SameDiffLoss {
        @Override
        public SDVariable defineLoss(SameDiff sd, SDVariable layerInput, SDVariable labels) {
            return sd.math().square(layerInput).sum(1);
        }
    }

    @Test
    void columnLabelsBesideWideEmbeddingsAreAccepted() {
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 1, 6, 8);
        INDArray labels = RandomArrays.binaryLabels(DataType.DOUBLE, 2, 6);
        assertThrows(IllegalArgumentException.class,
                () -> new PlainSameDiffContrastive().computeScoreArray(labels, pre, IDENTITY, null),
                "DL4J's SameDiffLoss rejects [B,1] labels beside [B,2D] output (the limit being lifted)");
        SDLossContrastive twin = new SDLossContrastive();
        assertTrue(twin instanceof SameDiffLoss, "the twin is still a SameDiffLoss");
        INDArray perRow = twin.computeScoreArray(labels, pre, IDENTITY, null);
        assertEquals(6, perRow.size(0));
        assertEquals(1, perRow.size(1));
    }

    @Test
    void oneInstanceServesEveryDataType() {
        SDLossTriplet twin = new SDLossTriplet(LossTriplet.builder().with(LossTriplet.MARGIN, 2.0).build());
        LossTriplet analytic = LossTriplet.builder().with(LossTriplet.MARGIN, 2.0).build();
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 3, 7, 12);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 7, 1);
        double expected = analytic.computeScore(labels, pre, IDENTITY, null, true);
        assertTrue(expected > 0);
        // FLOAT first: DL4J's SameDiffLoss would build its graph for FLOAT here and keep it.
        DataType[] types = {DataType.FLOAT, DataType.DOUBLE, DataType.HALF, DataType.DOUBLE};
        double[] tol = {1e-5, 1e-12, 2e-2, 1e-12};
        for (int i = 0; i < types.length; i++) {
            INDArray p = pre.castTo(types[i]);
            INDArray rows = twin.computeScoreArray(labels.castTo(types[i]), p, IDENTITY, null);
            assertEquals(types[i], rows.dataType());
            INDArray grad = twin.computeGradient(labels.castTo(types[i]), p, IDENTITY, null);
            assertEquals(types[i], grad.dataType());
            double score = twin.computeScore(labels.castTo(types[i]), p, IDENTITY, null, true);
            assertEquals(expected, score, tol[i] * expected, types[i].toString());
        }
        assertEquals(3, twin.idleGraphs(), "one graph per data type, reused on the second DOUBLE call");
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        SDLossContrastive twin = new SDLossContrastive(LossContrastive.builder()
                .with(LossContrastive.DISTANCE, Distance.COSINE).with(LossContrastive.MARGIN_NEGATIVE, 0.8).build());
        LossContrastive analytic = LossContrastive.builder().with(LossContrastive.DISTANCE, Distance.COSINE)
                .with(LossContrastive.MARGIN_NEGATIVE, 0.8).build();
        int threads = 4;
        int callsEach = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<String> job = () -> {
                    start.await();
                    for (int k = 0; k < callsEach; k++) {
                        long seed = 100L * thread + k;
                        int rows = 3 + thread; // a different batch size per thread
                        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, seed, rows, 10);
                        INDArray labels = RandomArrays.binaryLabels(DataType.DOUBLE, seed, rows);
                        INDArray g = twin.computeGradient(labels, pre, IDENTITY, null);
                        INDArray expected = analytic.computeGradient(labels, pre, IDENTITY, null);
                        double diff = expected.sub(g).norm2Number().doubleValue();
                        if (!(diff <= 1e-10 * Math.max(1e-12, expected.norm2Number().doubleValue()))) {
                            return "thread " + thread + " call " + k + ": gradient differs by " + diff;
                        }
                    }
                    return null;
                };
                futures.add(pool.submit(job));
            }
            start.countDown();
            for (Future<String> f : futures) {
                String failure = f.get();
                assertEquals(null, failure, failure);
            }
        } finally {
            pool.shutdownNow();
        }
        int graphs = twin.idleGraphs();
        assertTrue(graphs >= 1 && graphs <= threads, "graphs are pooled, at most one per concurrent caller: " + graphs);
    }
}
