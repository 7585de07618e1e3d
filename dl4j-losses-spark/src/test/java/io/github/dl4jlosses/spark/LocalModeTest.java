package io.github.dl4jlosses.spark;

import io.github.dl4jlosses.data.PKBatchIterator;
import io.github.dl4jlosses.graph.SingleInputGraph;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.spark.example.ClusteredData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code local[2]}: one JVM, where DL4J's export approach writes batches to a temporary directory. */
class LocalModeTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = TestSpark.start("local[2]", "LocalModeTest");
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void exportedBatchesAreReusedAcrossEpochsAndDeletedOnClose() throws IOException {
        ComputationGraphConfiguration conf = SingleInputGraph.builder().tower(LocalClusterTrainingTest.tower())
                .updater(new Adam(0.01)).seed(8)
                .loss(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                .with(LossBatchTriplet.MARGIN, 0.5).build()).build();
        DataSet heldOut = ClusteredData.labelled(96, 42);
        Path export;
        try (ParameterAveragingGraph net = SparkTraining.parameterAveraging(conf, sc).pkBatches(4, 8)
                .averagingFrequency(4).build()) {
            export = net.temporaryExportDirectory();
            assertNotNull(export, "local mode trains through an export directory");
            JavaRDD<DataSet> rdd = SparkTraining.parallelize(sc, PKBatchIterator.builder()
                    .data(ClusteredData.labelled(512, 41)).classesPerBatch(4).examplesPerClass(8).seed(43).build(), 2);
            double before = net.getNetwork().score(heldOut);
            net.fit(rdd);
            long files = countFiles(export);
            assertTrue(files >= 16, "exported files after the first epoch: " + files);
            net.fit(rdd);
            assertTrue(countFiles(export) == files, "the second epoch exported again");
            double after = net.getNetwork().score(heldOut);
            assertTrue(after < before, "held-out loss before=" + before + " after=" + after);
        }
        assertFalse(Files.exists(export), "export directory left behind: " + export);
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).count();
        }
    }
}
