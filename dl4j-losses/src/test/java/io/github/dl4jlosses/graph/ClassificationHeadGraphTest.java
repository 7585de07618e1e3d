package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.heads.ArcFace;
import io.github.dl4jlosses.heads.CosFace;
import io.github.dl4jlosses.heads.CosineHead;
import io.github.dl4jlosses.heads.ProxyAnchor;
import io.github.dl4jlosses.heads.SubCenterArcFace;
import io.github.dl4jlosses.testutil.DoublePrecision;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ClassificationHeadGraph}: a head on a dense or convolutional tower passes DL4J's GradientCheckUtil,
 * round-trips through JSON and ModelSerializer, trains, and {@link EmbeddingModel} takes the tower without the
 * head's class weights.
 */
@ExtendWith(DoublePrecision.class)
class ClassificationHeadGraphTest {
    private static final int B = 6;
    private static final int C = 3;

    static Stream<Arguments> headsAndTowers() {
        CosineHead[] heads = {
                new ArcFace.Builder().nOut(C).scale(6).margin(0.5).build(),
                new CosFace.Builder().nOut(C).scale(6).margin(0.35).build(),
                new SubCenterArcFace.Builder().nOut(C).subCentres(2).scale(6).build(),
                new ProxyAnchor.Builder().nOut(C).alpha(6).build()};
        List<Arguments> out = new ArrayList<>();
        for (CosineHead h : heads) {
            out.add(Arguments.of(h, false));
            out.add(Arguments.of(h, true));
        }
        return out.stream();
    }

    private static ComputationGraph graph(CosineHead head, boolean conv, DataType type,
                                          org.nd4j.linalg.learning.config.IUpdater updater) {
        ComputationGraph net = new ComputationGraph(ClassificationHeadGraph.builder().tower(Towers.of(conv))
                .head(head).updater(updater).dataType(type).seed(5).build());
        net.init();
        return net;
    }

    @ParameterizedTest(name = "{0} conv={1}")
    @MethodSource("headsAndTowers")
    void gradientCheckUtil(CosineHead head, boolean conv) {
        ComputationGraph net = graph(head, conv, DataType.DOUBLE, new NoOp());
        INDArray x = Towers.input(conv, DataType.DOUBLE, 61, B);
        INDArray labels = RandomArrays.classIds(DataType.DOUBLE, 62, B, C);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[]{x}).labels(new INDArray[]{labels})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok);
        assertEquals(Towers.params(conv) + Towers.EMBEDDING * C * head.subCentres(), net.numParams(),
                "tower + class weights [D, C·K]");
    }

    @ParameterizedTest(name = "{0} conv={1}")
    @MethodSource("headsAndTowers")
    void serializesAndTheEmbeddingModelLeavesTheHeadBehind(CosineHead head, boolean conv, @TempDir File dir)
            throws IOException {
        ComputationGraph net = graph(head, conv, DataType.FLOAT, new Adam(1e-2));
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        assertEquals(net.getConfiguration().toJson(), back.toJson());
        INDArray x = Towers.input(conv, DataType.FLOAT, 63, B);
        INDArray labels = RandomArrays.classIds(DataType.FLOAT, 64, B, C);
        for (int i = 0; i < 3; i++) {
            net.fit(new MultiDataSet(new INDArray[]{x}, new INDArray[]{labels}));
        }
        File f = new File(dir, "graph.zip");
        ModelSerializer.writeModel(net, f, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(f, true);
        assertEquals(net.params(), restored.params());
        assertEquals(net.outputSingle(x), restored.outputSingle(x));

        EmbeddingModel model = EmbeddingModel.fromGraph(restored, Distance.COSINE);
        Map<String, INDArray> acts = net.feedForward(new INDArray[]{x}, false);
        String last = GraphNames.towerLayer(Towers.of(conv).getLayers().size() - 1);
        assertEquals(acts.get(last), model.embed(x), "the embedding is the tower's output, below the head");
        assertEquals(Towers.EMBEDDING, model.embeddingSize());
        assertEquals(Towers.params(conv), model.getNetwork().numParams(), "no class weights in the embedding model");
        assertFalse(model.getNetwork().getConfiguration().getVertices().containsKey(GraphNames.HEAD));
    }

    @Test
    void trainingSeparatesTheClassesAndTheEmbeddingVerifiesThem() {
        ComputationGraph net = graph(new ArcFace.Builder().nOut(C).scale(16).margin(0.3).build(), false,
                DataType.FLOAT, new Adam(3e-2));
        int n = 30;
        INDArray labels = RandomArrays.classIds(DataType.FLOAT, 65, n, C);
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 66, n, Towers.DENSE_IN).muli(0.3);
        for (int i = 0; i < n; i++) {
            int c = labels.getInt(i, 0);
            x.putScalar(i, c, x.getDouble(i, c) + 2.0);
        }
        MultiDataSet ds = new MultiDataSet(new INDArray[]{x}, new INDArray[]{labels});
        double before = net.score(ds);
        for (int i = 0; i < 60; i++) {
            net.fit(ds);
        }
        assertTrue(net.score(ds) < 0.5 * before, before + " -> " + net.score(ds));
        EmbeddingModel model = EmbeddingModel.fromGraph(net, Distance.COSINE);
        INDArray d = model.distanceMatrix(x, x);
        double same = 0, other = 0;
        int ns = 0, no = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                if (labels.getInt(i, 0) == labels.getInt(j, 0)) {
                    same += d.getDouble(i, j);
                    ns++;
                } else {
                    other += d.getDouble(i, j);
                    no++;
                }
            }
        }
        assertTrue(same / ns < 0.5 * (other / no), "same-class " + same / ns + " vs other " + other / no);
    }

    @Test
    void aHeadIsRequired() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClassificationHeadGraph.builder().tower(Towers.dense()).build());
        assertTrue(e.getMessage().contains("head"));
    }
}
