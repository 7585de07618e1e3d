package io.github.dl4jlosses.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.apache.spark.serializer.KryoRegistrator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * Ships network configurations through Kryo as their DL4J JSON, the form every layer, vertex and loss is made to
 * survive (losses are rebuilt through their no-arg constructors and {@code @JsonProperty} options). Kryo's default,
 * field by field, does not: it cannot refill an immutable collection inside a loss, and it bypasses whatever a loss
 * does in its constructor. {@link SparkTraining#configure} lists it after ND4J's registrator.
 */
public class ConfigurationKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(ComputationGraphConfiguration.class, new Serializer<ComputationGraphConfiguration>() {
            @Override
            public void write(Kryo k, Output output, ComputationGraphConfiguration conf) {
                output.writeString(conf.toJson());
            }

            @Override
            public ComputationGraphConfiguration read(Kryo k, Input input,
                                                      Class<ComputationGraphConfiguration> type) {
                return ComputationGraphConfiguration.fromJson(input.readString());
            }
        });
        kryo.register(MultiLayerConfiguration.class, new Serializer<MultiLayerConfiguration>() {
            @Override
            public void write(Kryo k, Output output, MultiLayerConfiguration conf) {
                output.writeString(conf.toJson());
            }

            @Override
            public MultiLayerConfiguration read(Kryo k, Input input, Class<MultiLayerConfiguration> type) {
                return MultiLayerConfiguration.fromJson(input.readString());
            }
        });
    }
}
