package io.github.dl4jlosses.graph;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.testutil.NaiveDistances;
import io.github.dl4jlosses.testutil.Views;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Distances and verification decisions of the embedding model against element-by-element references. */
class EmbeddingModelTest {
    private static final int B = 7;

    @Test
    void distancesAndVerificationMatchANaiveReference() {
        ComputationGraph koch = SharedWeightsTest.init(KochSiameseGraph.builder().tower(Towers.conv()).build());
        for (Distance distance : Distance.values()) {
            EmbeddingModel model = EmbeddingModel.fromGraph(koch, distance);
            INDArray x = Towers.input(true, DataType.FLOAT, 1, B);
            INDArray y = Towers.input(true, DataType.FLOAT, 2, B);
            double[][] ex = model.embed(x).castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] ey = model.embed(y).castTo(DataType.DOUBLE).toDoubleMatrix();
            assertEquals(Towers.EMBEDDING, ex[0].length);

            double[] expected = new double[B];
            for (int i = 0; i < B; i++) {
                expected[i] = NaiveDistances.of(distance, ex[i], ey[i]);
                assertEquals(expected[i], model.distance(x, y).getDouble(i, 0), 1e-5, distance + " row " + i);
                for (int j = 0; j < B; j++) {
                    assertEquals(NaiveDistances.of(distance, ex[i], ey[j]),
                            model.distanceMatrix(x, y).getDouble(i, j), 1e-5, distance + " (" + i + "," + j + ")");
                }
            }
            // threshold between the 3rd and 4th smallest distance: exactly the 3 closest pairs are "same"
            double[] sorted = expected.clone();
            Arrays.sort(sorted);
            double threshold = (sorted[2] + sorted[3]) / 2;
            boolean[] same = model.verify(x, y, threshold);
            for (int i = 0; i < B; i++) {
                assertEquals(expected[i] <= threshold, same[i], distance + " row " + i);
            }
            // an input always verifies against itself at threshold 0 (distance 0; cosine within rounding)
            if (distance != Distance.COSINE) {
                for (boolean s : model.verify(x, x, 0.0)) {
                    assertTrue(s);
                }
            }
        }
    }

    @Test
    void viewsAsInputGiveTheResultsOfTheirCopies() {
        ComputationGraph siamese = SharedWeightsTest.init(SiameseGraph.builder().tower(Towers.dense()).build());
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            EmbeddingModel model = EmbeddingModel.fromGraph(siamese, Distance.EUCLIDEAN);
            INDArray x = Towers.input(false, type, 3, B);
            INDArray y = Towers.input(false, type, 4, B);
            for (String layout : Views.LAYOUTS) {
                INDArray xv = Views.of(x, layout);
                INDArray yv = Views.of(y, layout);
                String what = type + " " + layout;
                assertEquals(model.embed(x), model.embed(xv), what);
                assertEquals(model.distance(x, y), model.distance(xv, yv), what);
                assertEquals(model.distanceMatrix(x, y), model.distanceMatrix(xv, yv), what);
                assertTrue(Arrays.equals(model.verify(x, y, 0.5), model.verify(xv, yv, 0.5)), what);
            }
        }
    }

    @Test
    void worksOnEveryGraphKindAndIgnoresTheKochHead() {
        Tower t = Towers.dense();
        INDArray x = Towers.input(false, DataType.FLOAT, 3, B);
        ComputationGraph single = SharedWeightsTest.init(SingleInputGraph.builder().tower(t).seed(5)
                .loss(new LossTriplet()).build());
        ComputationGraph siamese = SharedWeightsTest.init(SiameseGraph.builder().tower(t).seed(5).build());
        ComputationGraph koch = SharedWeightsTest.init(KochSiameseGraph.builder().tower(t).seed(5).build());
        EmbeddingModel a = EmbeddingModel.fromGraph(single);
        assertEquals(Towers.EMBEDDING, a.embed(x).size(1));
        assertEquals(Towers.DENSE_PARAMS, EmbeddingModel.fromGraph(koch).getNetwork().numParams());
        // the output of the single-input graph's loss layer is its embedding
        assertEquals(single.outputSingle(x), a.embed(x));
        assertEquals(Towers.EMBEDDING, EmbeddingModel.fromGraph(siamese).embed(x).size(1));
    }

    @Test
    void rejectsGraphsAndFilesItCannotRead(@TempDir File dir) throws IOException {
        ComputationGraph plain = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(4))
                .addLayer("dense", new DenseLayer.Builder().nOut(3).build(), "in")
                .addLayer("out", new OutputLayer.Builder(new LossMSE()).nOut(2).build(), "dense")
                .setOutputs("out").build());
        plain.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingModel.fromGraph(plain));
        assertTrue(e.getMessage().contains("tower_0"), e.getMessage());

        File file = new File(dir, "siamese.zip");
        ModelSerializer.writeModel(SharedWeightsTest.init(SiameseGraph.builder().tower(Towers.dense()).build()),
                file, false);
        IllegalArgumentException notSaved = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingModel.load(file));
        assertTrue(notSaved.getMessage().contains("fromGraph"), notSaved.getMessage());
        // ... and the documented way in works
        assertEquals(Towers.DENSE_PARAMS, EmbeddingModel.fromGraph(ModelSerializer.restoreComputationGraph(file))
                .getNetwork().numParams());
    }
}
