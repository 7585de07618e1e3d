package io.github.dl4jlosses.spark;

import io.github.dl4jlosses.data.PKBatchIterator;
import io.github.dl4jlosses.graph.SingleInputGraph;
import io.github.dl4jlosses.graph.Tower;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.spark.example.ClusteredData;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the README's Spark snippet (in local[2], on a little data) and checks that the README shows it as here. */
class ReadmeSnippetTest {
    @Test
    void readmeSnippetRuns() throws Exception {
        ComputationGraph trained = snippet("local[2]", LocalClusterTrainingTest.tower(),
                ClusteredData.labelled(256, 51), 1);
        assertTrue(trained.numParams() > 0);

        Path source = Paths.get("src/test/java/io/github/dl4jlosses/spark/ReadmeSnippetTest.java");
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int begin = lines.indexOf("        // README:begin");
        int end = lines.indexOf("        // README:end");
        String shown = lines.subList(begin + 1, end).stream().map(l -> l.length() >= 8 ? l.substring(8) : l)
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Paths.get("").toAbsolutePath().resolveSibling("README.md"),
                StandardCharsets.UTF_8);
        assertTrue(begin > 0 && readme.contains(shown), "README.md must show the snippet of " + source);
    }

    private static ComputationGraph snippet(String master, Tower tower, DataSet train, int epochs) throws Exception {
        ComputationGraph trained;
        // README:begin
        // checks this JVM's Java options first, adds them for the executors, picks Kryo with ND4J's registrator
        SparkConf sparkConf = SparkTraining.sparkConf(master, "embeddings");
        JavaSparkContext sc = new JavaSparkContext(sparkConf);
        ComputationGraphConfiguration conf = SingleInputGraph.builder().tower(tower)
                .loss(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD).build()).build();
        try (ParameterAveragingGraph net = SparkTraining.parameterAveraging(conf, sc)
                .pkBatches(4, 8)               // every RDD element is one P×K batch of 32 examples
                .averagingFrequency(5).build()) {
            JavaRDD<DataSet> batches = SparkTraining.parallelize(sc,
                    PKBatchIterator.builder().data(train).classesPerBatch(4).examplesPerClass(8).build(), 4).cache();
            for (int epoch = 0; epoch < epochs; epoch++) {
                net.fit(batches);              // fitMultiDataSet(...) for the two- and three-input graphs
            }
            trained = net.getNetwork();
        }                                      // close(): deletes what DL4J exported for training
        // README:end
        sc.stop();
        return trained;
    }
}
