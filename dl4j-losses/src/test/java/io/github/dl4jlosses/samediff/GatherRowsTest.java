package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.imports.converters.ImportClassMapping;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GatherRows}: the picked rows forward, and backward the sum of every pick's gradient on its row (a row picked
 * three times gets three updates, one never picked gets zeros), from the gradient graph SameDiff builds by cloning the
 * op; the generalized triplet twin that uses it, on a batch where every anchor shares one hardest negative; the
 * gradient graphs of the twins that pick rows, without the distance matrix's backprop; a saved model that loads.
 */
class GatherRowsTest {
    /**
     * Five picks of four rows (row 1 three times, row 2 never), and 4,096 picks of 8 rows of 64 (each row ~500 times).
     */
    @ParameterizedTest(name = "{0} {1} rows, {2} picks")
    @CsvSource({"DOUBLE,4,5", "FLOAT,4,5", "FLOAT,8,4096", "DOUBLE,8,4096"})
    void repeatedPicksSumTheirGradients(DataType type, int rows, int picks) {
        int width = picks > 5 ? 64 : 3;
        long[] index = picks == 5 ? new long[]{1, 1, 3, 0, 1} : new Random(5).longs(picks, 0, rows).toArray();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", type, -1, -1);
        SDVariable at = sd.placeHolder("index", DataType.INT64, -1);
        SDVariable weights = sd.placeHolder("w", type, -1, -1);
        SDVariable picked = GatherRows.of(sd, x, at);
        sd.setLossVariables(picked.mul(weights).sum("loss"));
        sd.createGradFunction("x");
        SameDiff gradient = sd.getFunction("grad");
        String dx = sd.getVariable("x").getGradient().name();

        for (int call = 0; call < 2; call++) {               // a second call with new values: nothing kept over
            INDArray xv = RandomArrays.gaussian(type, 7 + call, rows, width);
            INDArray wv = RandomArrays.gaussian(type, 11 + call, picks, width);
            Map<String, INDArray> in = new HashMap<>();
            in.put("x", xv);
            in.put("index", Nd4j.createFromArray(index));
            in.put("w", wv);

            INDArray got = sd.output(in, picked.name()).get(picked.name());
            INDArray grad = gradient.output(in, dx).get(dx);
            double[][] expected = new double[rows][width];
            double[][] w = wv.castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int k = 0; k < picks; k++) {
                assertEquals(xv.getRow(index[k]), got.getRow(k), "picked row " + k);
                for (int c = 0; c < width; c++) {
                    expected[(int) index[k]][c] += w[k][c];
                }
            }
            assertEquals(type, grad.dataType());
            INDArray want = Nd4j.createFromArray(expected).castTo(type);
            double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5 * Math.sqrt(picks);
            assertTrue(want.equalsWithEps(grad, tolerance), "call " + call + ": expected\n" + want + "\ngot\n" + grad);
            if (picks == 5) {
                assertEquals(0.0, grad.getRow(2).norm1Number().doubleValue(), 0.0, "row 2 is never picked");
            }
        }
    }

    /**
     * Anchors on a circle of radius 1, their positives at 3× the anchor, and row 0's positive at the origin: every
     * anchor but row 0 has the origin as its hardest negative (1 away against ≥ 2, squared: 1 against ≥ 4) and a
     * positive 2 away (squared 4), so its hinge is active. The origin's gradient is the sum of theirs,
     * {@code Σ_{i≥1} −2(p_0 − a_i) = 2 Σ_{i≥1} a_i} (row 0's own hinge, 1 − ≥4 + m, is inactive); one update instead
     * of the sum would give {@code 2 a_i} for a single i.
     */
    @Test
    void theSharedHardestNegativeGetsEveryAnchorsGradient() {
        int n = 5;
        double[][] pre = new double[n][4];
        double[] sum = new double[2];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * i / n;
            double[] a = {Math.cos(angle), Math.sin(angle)};
            pre[i][0] = a[0];
            pre[i][1] = a[1];
            pre[i][2] = i == 0 ? 0 : 3 * a[0];
            pre[i][3] = i == 0 ? 0 : 3 * a[1];
            if (i > 0) {
                sum[0] += a[0];
                sum[1] += a[1];
            }
        }
        LossGeneralizedTriplet loss = LossGeneralizedTriplet.builder()
                .with(LossGeneralizedTriplet.USE_CLASS_IDS, false).build();
        INDArray preOutput = Nd4j.createFromArray(pre);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, 1);
        INDArray twin = new SDLossGeneralizedTriplet(loss).computeGradient(labels, preOutput,
                Activation.IDENTITY.getActivationFunction(), null);
        INDArray analytic = loss.computeGradient(labels, preOutput, Activation.IDENTITY.getActivationFunction(), null);
        for (int c = 0; c < 2; c++) {
            assertEquals(2 * sum[c], twin.getDouble(0, 2 + c), 1e-12, "the origin's gradient, coordinate " + c);
        }
        assertTrue(analytic.equalsWithEps(twin, 1e-12), "analytic\n" + analytic + "\ntwin\n" + twin);
    }

    /** The hardest-pair twins: the generalized triplet and batch hard (within one batch, and against a memory). */
    static Stream<Arguments> pickingGraphs() {
        return Stream.of(Distance.SQUARED_EUCLIDEAN, Distance.COSINE, Distance.MANHATTAN, Distance.EUCLIDEAN)
                .flatMap(distance -> Stream.of(
                        Arguments.of("generalized triplet", distance, (Function<SameDiff, SDLossOutput>) sd ->
                                SDPairBatchLosses.generalizedTriplet(sd, "loss", sd.placeHolder("x", DataType.FLOAT, -1, 8),
                                        sd.placeHolder("p", DataType.FLOAT, -1, 8), null, 0.2, distance)),
                        Arguments.of("batch hard", distance, (Function<SameDiff, SDLossOutput>) sd ->
                                SDLabelledBatchLosses.batchTriplet(sd, "loss", sd.placeHolder("x", DataType.FLOAT, -1, 8),
                                        sd.placeHolder("ids", DataType.DOUBLE, -1, 1), TripletMining.HARD, 0.2,
                                        distance, false)),
                        Arguments.of("batch hard against a memory", distance, (Function<SameDiff, SDLossOutput>) sd ->
                                SDLabelledBatchLosses.batchTriplet("loss", sd, SDPairs.against(sd, distance,
                                        sd.placeHolder("x", DataType.FLOAT, -1, 8), sd.placeHolder("ids", DataType.DOUBLE, -1, 1),
                                        sd.placeHolder("memory", DataType.FLOAT, -1, 8),
                                        sd.placeHolder("memoryIds", DataType.DOUBLE, -1, 1)),
                                        null, null, TripletMining.HARD, 0.2, false))));
    }

    /**
     * The gradient graph of a twin that picks its hardest pairs does not back-propagate through the {@code [B,M]}
     * distance matrix: the matrix and its masked forms (argmin's and argmax's inputs) get no gradient, and the picked
     * rows come back through the gather's scatter.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pickingGraphs")
    void theDistanceMatrixIsNotDifferentiated(String loss, Distance distance, Function<SameDiff, SDLossOutput> graph) {
        SameDiff sd = SameDiff.create();
        sd.setLossVariables(graph.apply(sd).loss());
        boolean memory = loss.endsWith("memory");                // its references are constants: nothing to scatter
        if (loss.startsWith("generalized")) {
            sd.createGradFunction("x", "p");
        } else {
            sd.createGradFunction("x");
        }
        Set<String> ops = sd.getFunction("grad").getOps().values().stream()
                .map(op -> op.getOp().opName()).collect(Collectors.toSet());
        assertTrue(ops.contains(GatherRows.NAME) && ops.contains("scatter_add") != memory, "ops: " + ops);
        assertFalse(ops.contains("reduce_min_bp") || ops.contains("reduce_max_bp"), "ops: " + ops);
        List<SameDiffOp> picks = sd.getOps().values().stream()
                .filter(op -> op.getOp().opName().equals("argmin") || op.getOp().opName().equals("argmax"))
                .collect(Collectors.toList());
        assertEquals(loss.startsWith("batch hard") ? 2 : 1, picks.size(), "picks");
        for (SameDiffOp pick : picks) {
            String masked = pick.getInputsToOp().get(0);
            String matrix = sd.getOps().get(sd.getVariables().get(masked).getOutputOfOp()).getInputsToOp().get(0);
            assertNull(sd.getGradForVariable(masked), "the masked matrix has a gradient");
            assertNull(sd.getGradForVariable(matrix), "the distance matrix has a gradient");
        }
        assertNotNull(sd.getGradForVariable("x"), "the embeddings have a gradient");
    }

    /**
     * A model whose loss graph contains the op, saved and loaded as in a fresh JVM (the op's name taken out of ND4J's
     * table first): the same per-example losses, and one more epoch of training (the gradient graph SameDiff rebuilds
     * from the loaded ops) gives the same embeddings.
     */
    @Test
    void aSavedBatchHardModelLoadsAndTrainsOnAsInAFreshJvm(@TempDir Path dir) {
        SharedTowerModel model = SharedTowerModel.builder(new SDLossBatchTriplet(LossBatchTriplet.builder()
                                .with(LossBatchTriplet.MINING, TripletMining.HARD).build()),
                        SDDenseTower.factory(Activation.TANH, 5, 16, 4), 6)
                .layout(SharedTowerModel.Layout.CONCATENATED).updater(new Adam(0.03)).build();
        ClusterData data = new ClusterData(21, 4, 6, 0.2);
        List<DataSet> train = List.of(data.labelled(DataType.FLOAT, 32), data.labelled(DataType.FLOAT, 32));
        model.fit(new ListDataSetIterator<>(train, 1), 1);
        File file = dir.resolve("batch-hard.sd").toFile();
        model.save(file);

        ImportClassMapping.getOpNameMapping().remove(GatherRows.NAME);
        SharedTowerModel loaded = SharedTowerModel.load(file);
        assertTrue(ImportClassMapping.getOpNameMapping().containsKey(GatherRows.NAME), "registered again by load");

        DataSet probe = data.labelled(DataType.FLOAT, 24);
        INDArray[] x = {probe.getFeatures()};
        assertEquals(model.perExampleLoss(x, probe.getLabels()), loaded.perExampleLoss(x, probe.getLabels()));
        assertTrue(model.loss(x, probe.getLabels()) > 0, "a zero loss compares nothing");
        model.fit(new ListDataSetIterator<>(train, 1), 1);
        loaded.fit(new ListDataSetIterator<>(train, 1), 1);
        TwinAgreementTest.assertClose(model.embed(probe.getFeatures()), loaded.embed(probe.getFeatures()), 1e-6,
                "embeddings after one more epoch");
    }
}
