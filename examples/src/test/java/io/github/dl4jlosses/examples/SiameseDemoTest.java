package io.github.dl4jlosses.examples;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiameseDemoTest {
    @Test
    void lossFallsAndTheTowerIsShared() {
        Random rnd = new Random(1);
        double[][] centres = new double[8][16];
        for (double[] c : centres) for (int k = 0; k < 16; k++) c[k] = rnd.nextGaussian();
        ComputationGraph net = new ComputationGraph(SiameseDemo.siameseConfiguration());
        net.init();
        // one tower: 16·32+32 + 32·4+4 parameters, not two
        assertEquals(16 * 32 + 32 + 32 * 4 + 4, net.numParams());
        MultiDataSet held = SiameseDemo.pairs(centres, 256, new Random(2));
        double before = net.score(held);
        for (int i = 0; i < 150; i++) net.fit(SiameseDemo.pairs(centres, 64, rnd));
        double after = net.score(held);
        assertTrue(after < 0.5 * before, "held-out loss should at least halve: " + before + " -> " + after);
    }
}
