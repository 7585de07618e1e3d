package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.TripletGraph;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossTriplet;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CacheMode (the lever that wins in results/2026-12-01-levers) only keeps the forward pass's im2col and
 * pre-activations for backprop: training with it must give the same parameters as without it.
 */
class BenchCacheModeEquivalenceTest {
    private static final int BATCH = 16;

    @Test
    void siameseTrainsTheSameWithCacheModeHost() {
        assertSameTraining(2);
    }

    @Test
    void tripletTrainsTheSameWithCacheModeHost() {
        assertSameTraining(3);
    }

    private static void assertSameTraining(int branches) {
        Nd4j.getRandom().setSeed(7);
        INDArray[] images = new INDArray[branches];
        for (int i = 0; i < branches; i++) {
            images[i] = Nd4j.rand(DataType.FLOAT, BATCH, SmallCnn.CHANNELS, SmallCnn.HEIGHT, SmallCnn.WIDTH);
        }
        INDArray labels = Nd4j.createFromArray(new float[BATCH]).reshape(BATCH, 1);
        for (int i = 0; i < BATCH; i += 2) {
            labels.putScalar(i, 0, 1f);
        }
        MultiDataSet data = new MultiDataSet(images, new INDArray[]{labels});
        ComputationGraph plain = net(branches, CacheMode.NONE);
        ComputationGraph cached = net(branches, CacheMode.HOST);
        assertEquals(plain.params(), cached.params());
        for (int step = 0; step < 3; step++) {
            plain.fit(data);
            cached.fit(data);
        }
        double diff = plain.params().sub(cached.params()).norm2Number().doubleValue();
        double scale = plain.params().norm2Number().doubleValue();
        assertTrue(diff <= 1e-5 * scale, "parameters differ after 3 steps: |Δ| = " + diff + ", |θ| = " + scale);
        assertTrue(plain.params().sub(net(branches, CacheMode.NONE).params()).norm2Number().doubleValue() > 0,
                "the steps changed nothing, so the comparison says nothing");
    }

    private static ComputationGraph net(int branches, CacheMode cacheMode) {
        ComputationGraphConfiguration conf = branches == 2
                ? SiameseGraph.builder().tower(SmallCnn.tower()).loss(new LossContrastive()).updater(new Sgd(0.01))
                .weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build()
                : TripletGraph.builder().tower(SmallCnn.tower()).loss(new LossTriplet()).updater(new Sgd(0.01))
                .weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build();
        conf.setCacheMode(cacheMode);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        net.setCacheMode(cacheMode);
        return net;
    }
}
