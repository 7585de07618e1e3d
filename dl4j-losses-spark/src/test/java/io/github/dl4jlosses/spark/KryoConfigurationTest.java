package io.github.dl4jlosses.spark;

import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.SingleInputGraph;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.TripletMining;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.learning.config.Adam;
import scala.reflect.ClassTag$;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What DL4J broadcasts to the workers (a {@link NetBroadcastTuple} holding the graph configuration) through the Kryo
 * serializer {@link SparkTraining#configure} sets up: the same configuration comes out, and its loss handles a
 * degenerate batch.
 */
class KryoConfigurationTest {
    @Test
    void configurationsSurviveKryoAsJson() {
        SparkConf sparkConf = SparkTraining.configure(new SparkConf(false).setMaster("local[1]"));
        SerializerInstance kryo = new KryoSerializer(sparkConf).newInstance();
        ComputationGraphConfiguration[] confs = {
                SingleInputGraph.builder().tower(LocalClusterTrainingTest.tower()).updater(new Adam(0.01))
                        .loss(LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.HARD)
                        .with(LossBatchTriplet.MARGIN, 0.5).build()).build(),
                SiameseGraph.builder().tower(LocalClusterTrainingTest.tower()).updater(new Adam(0.01))
                        .loss(LossContrastive.builder().with(LossContrastive.MARGIN_NEGATIVE, 2.0).build()).build()};
        for (ComputationGraphConfiguration conf : confs) {
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            NetBroadcastTuple tuple = new NetBroadcastTuple(conf, net.params(), null);
            ByteBuffer bytes = kryo.serialize(tuple, ClassTag$.MODULE$.apply(NetBroadcastTuple.class));
            NetBroadcastTuple back = kryo.deserialize(bytes, ClassTag$.MODULE$.apply(NetBroadcastTuple.class));
            assertEquals(conf, back.getGraphConfiguration());
            assertEquals(net.params(), back.getParameters());
        }

        // the batch-hard loss, as the executors get it, scores a one-class batch 0 (no negatives) and warns
        ComputationGraphConfiguration conf = confs[0];
        NetBroadcastTuple back = kryo.deserialize(kryo.serialize(new NetBroadcastTuple(conf, null, null),
                ClassTag$.MODULE$.apply(NetBroadcastTuple.class)), ClassTag$.MODULE$.apply(NetBroadcastTuple.class));
        ILossFunction loss = ((LossLayer) back.getGraphConfiguration().getVertices().values().stream()
                .filter(v -> v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex)
                .map(v -> ((org.deeplearning4j.nn.conf.graph.LayerVertex) v).getLayerConf().getLayer())
                .filter(l -> l instanceof LossLayer).findFirst().orElseThrow()).getLossFn();
        INDArray embeddings = Nd4j.rand(DataType.FLOAT, 8, 4);
        INDArray oneClass = Nd4j.zeros(DataType.FLOAT, 8, 1);
        assertEquals(0.0, loss.computeScore(oneClass, embeddings, new ActivationIdentity(), null, true), 0.0);
    }
}
