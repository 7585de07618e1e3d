package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LossGraph} directly: its per-example output is the twin's loss times the mask, its gradient that of the
 * masked sum, and a graph that never reads its labels (the triplet loss) accepts them without SameDiff refusing an
 * unused placeholder. A graph reuses its arrays from call to call ({@link GraphArrays}): its results stay those of a
 * fresh graph whatever ran before, it stops allocating once it has seen a shape, and a graph first run inside a
 * workspace keeps working after that workspace's memory is reused.
 */
class LossGraphTest {

    @Test
    void perExampleIsTheLossTimesTheMaskAndTheGradientThatOfTheirSum() {
        SameDiffRankingLoss twin = new SDLossContrastive(new LossContrastive());
        INDArray out = RandomArrays.gaussian(DataType.DOUBLE, 1, 6, 8);
        INDArray labels = RandomArrays.binaryLabels(DataType.DOUBLE, 2, 6);
        INDArray mask = Nd4j.createFromArray(1.0, 0.0, 1.0, 1.0, 0.0, 1.0).reshape(6, 1);
        LossGraph graph = LossGraph.build(twin, DataType.DOUBLE);
        INDArray[] r = graph.perExampleAndGradient(out, labels, mask, Collections.emptyMap());
        INDArray unmasked = twin.computeScoreArray(labels, out, Activation.IDENTITY.getActivationFunction(), null);
        assertEquals(unmasked.mul(mask), r[0]);
        assertEquals(r[0], graph.perExample(out, labels, mask, Collections.emptyMap()));
        INDArray gradient = twin.computeGradient(labels, out, Activation.IDENTITY.getActivationFunction(), mask);
        assertTrue(gradient.equalsWithEps(r[1], 1e-12), "gradient of the masked sum");
        assertEquals(0.0, r[1].getRow(1).norm2Number().doubleValue(), 0.0);
    }

    @Test
    void aGraphThatIgnoresItsLabelsStillTakesThem() {
        SameDiffRankingLoss twin = new SDLossTriplet(new LossTriplet());
        INDArray out = RandomArrays.gaussian(DataType.DOUBLE, 3, 5, 9);
        LossGraph graph = LossGraph.build(twin, DataType.DOUBLE);
        INDArray withLabels = graph.perExample(out, Nd4j.ones(DataType.DOUBLE, 5, 1), Nd4j.ones(DataType.DOUBLE, 5, 1),
                Collections.emptyMap());
        assertEquals(twin.computeScoreArray(null, out, Activation.IDENTITY.getActivationFunction(), null), withLabels);
        assertTrue(withLabels.sumNumber().doubleValue() > 0);
    }

    @Test
    void reusedArraysGiveTheResultsOfAFreshGraph() {
        SameDiffRankingLoss twin = hardTriplet();   // masked max/min, reductions
        LossGraph graph = LossGraph.build(twin, DataType.DOUBLE);
        INDArray[][] calls = {call(1, 12), call(2, 8), call(3, 12), call(1, 12)};
        for (INDArray[] in : calls) {
            INDArray[] reused = graph.perExampleAndGradient(in[0], in[1], in[2], Collections.emptyMap());
            INDArray[] fresh = LossGraph.build(twin, DataType.DOUBLE)
                    .perExampleAndGradient(in[0], in[1], in[2], Collections.emptyMap());
            assertTrue(fresh[0].sumNumber().doubleValue() > 0, "some anchor has a loss");
            assertEquals(fresh[0], reused[0], "per-example loss after other calls");
            assertEquals(fresh[1], reused[1], "gradient after other calls");
            assertEquals(fresh[0], graph.perExample(in[0], in[1], in[2], Collections.emptyMap()),
                    "the forward graph shares the arrays");
        }
    }

    /** Through SameDiff's session on every call, and replayed by a plan from the third call on (GraphPlan). */
    @ParameterizedTest(name = "replays={0}")
    @ValueSource(booleans = {false, true})
    void aGraphStopsAllocatingOnceItHasSeenAShape(boolean replays) {
        SameDiffRankingLoss loss = hardTriplet();
        if (!replays) {
            loss.sessionOnly();
        }
        LossGraph graph = LossGraph.build(loss, DataType.FLOAT);
        INDArray[] in = call(4, 16);
        in[0] = in[0].castTo(DataType.FLOAT);
        in[2] = in[2].castTo(DataType.FLOAT);
        for (int i = 0; i < 3; i++) {
            graph.perExampleAndGradient(in[0], in[1], in[2], Collections.emptyMap());
        }
        int held = graph.heldArrays();
        assertTrue(held > 10, "the arrays of a call are kept for the next: " + held);
        for (int i = 0; i < 5; i++) {
            graph.perExampleAndGradient(in[0], in[1], in[2], Collections.emptyMap());
        }
        // SameDiff's own cache kept ~10 more arrays per call of this graph (released scalars it never hands back).
        assertEquals(held, graph.heldArrays(), "same shapes, same arrays");
        assertEquals(replays ? 6 : 0, graph.replayedCalls());
    }

    @Test
    void aGraphKeepsTheArraysOfItsLastCallOnly() {
        INDArray[] large = call(5, 16);
        INDArray[] small = call(6, 8);
        LossGraph graph = LossGraph.build(hardTriplet(), DataType.DOUBLE);
        graph.perExampleAndGradient(large[0], large[1], large[2], Collections.emptyMap());
        assertTrue(graph.heldShapes().stream().anyMatch(s -> contains(s, 16)), "the 16-row call's arrays are kept");
        graph.perExampleAndGradient(small[0], small[1], small[2], Collections.emptyMap());
        // batch sizes that change (rows removed by masks) must not pile up arrays of every size seen
        assertTrue(graph.heldShapes().stream().anyMatch(s -> contains(s, 8)), "the 8-row call's arrays are kept");
        assertTrue(graph.heldShapes().stream().noneMatch(s -> contains(s, 16)), "the 16-row call's arrays are freed");
    }

    private static boolean contains(long[] shape, long size) {
        return java.util.Arrays.stream(shape).anyMatch(n -> n == size);
    }

    @Test
    void aGraphFirstRunInAWorkspaceOutlivesIt() {
        SameDiffRankingLoss twin = new SDLossContrastive(new LossContrastive());
        INDArray out = RandomArrays.gaussian(DataType.DOUBLE, 5, 10, 8);
        INDArray labels = RandomArrays.binaryLabels(DataType.DOUBLE, 6, 10);
        IActivation identity = Activation.IDENTITY.getActivationFunction();
        INDArray expected = new SDLossContrastive(new LossContrastive()).computeGradient(labels, out, identity, null);
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(1 << 20)
                .policyLearning(LearningPolicy.NONE).build();
        for (int i = 0; i < 3; i++) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "LossGraphTest")) {
                Nd4j.create(DataType.DOUBLE, 1 << 16).assign(Double.NaN);   // overwrites what the last call left here
                INDArray gradient = twin.computeGradient(labels, out, identity, null);
                assertTrue(expected.equalsWithEps(gradient, 1e-12), "call " + i + " in the reused workspace");
            }
        }
    }

    /** HARD mining: its graph takes the class ids as they are (ALL and SEMI_HARD take a slot table). */
    private static SameDiffRankingLoss hardTriplet() {
        return new SDLossBatchTriplet(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD).build());
    }

    /** {@code {embeddings [B,6], class ids [B,1] (4 classes), mask of ones}} in DOUBLE. */
    private static INDArray[] call(long seed, int rows) {
        return new INDArray[]{RandomArrays.gaussian(DataType.DOUBLE, seed, rows, 6),
                RandomArrays.classIds(DataType.DOUBLE, seed + 100, rows, 4), Nd4j.ones(DataType.DOUBLE, rows, 1)};
    }
}
