package io.github.dl4jlosses.heads;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad options and bad labels: an IllegalArgumentException naming the layer, the expectation and the value, from
 * the builders, from configurations read back from JSON (when the network is initialised), and from training.
 */
class HeadBadInputTest {
    private static void assertMessage(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
        }
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("ArcFace", "scale", "0.0", (Supplier<Object>) () -> new ArcFace.Builder().scale(0).build()),
                Arguments.of("ArcFace", "scale", "-64.0", (Supplier<Object>) () -> new ArcFace.Builder().scale(-64).build()),
                Arguments.of("ArcFace", "scale", "NaN", (Supplier<Object>) () -> new ArcFace.Builder().scale(Double.NaN).build()),
                Arguments.of("ArcFace", "margin", "-0.1", (Supplier<Object>) () -> new ArcFace.Builder().margin(-0.1).build()),
                Arguments.of("ArcFace", "margin", String.valueOf(Math.PI / 2),
                        (Supplier<Object>) () -> new ArcFace.Builder().margin(Math.PI / 2).build()),
                Arguments.of("CosFace", "scale", "-1.0", (Supplier<Object>) () -> new CosFace.Builder().scale(-1).build()),
                Arguments.of("CosFace", "margin", "2.0", (Supplier<Object>) () -> new CosFace.Builder().margin(2).build()),
                Arguments.of("SubCenterArcFace", "K", "0",
                        (Supplier<Object>) () -> new SubCenterArcFace.Builder().subCentres(0).build()),
                Arguments.of("SubCenterArcFace", "scale", "0.0",
                        (Supplier<Object>) () -> new SubCenterArcFace.Builder().scale(0).build()),
                Arguments.of("ProxyAnchor", "alpha", "0.0", (Supplier<Object>) () -> new ProxyAnchor.Builder().alpha(0).build()),
                Arguments.of("ProxyAnchor", "delta", "-0.1", (Supplier<Object>) () -> new ProxyAnchor.Builder().delta(-0.1).build()),
                Arguments.of("ArcFace 'head'", "scale", "-2.0",
                        (Supplier<Object>) () -> new ArcFace.Builder().name("head").scale(-2).build()));
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @MethodSource("badOptions")
    void buildersRejectBadOptions(String layer, String option, String value, Supplier<Object> build) {
        assertMessage(build::get, layer + ":", option, value);
    }

    static Stream<Arguments> badJson() {
        return Stream.of(
                Arguments.of(HeadCase.ARCFACE, "scale", "-3.0"),
                Arguments.of(HeadCase.ARCFACE, "margin", "1.6"),
                Arguments.of(HeadCase.COSFACE, "scale", "0.0"),
                Arguments.of(HeadCase.SUBCENTER_ARCFACE, "subCentres", "0"),
                Arguments.of(HeadCase.PROXY_ANCHOR, "alpha", "-1.0"));
    }

    /** A configuration edited in its JSON is checked by the same validate() when the network is initialised. */
    @ParameterizedTest(name = "{0} {1}={2}")
    @MethodSource("badJson")
    void jsonConfigurationsAreCheckedToo(HeadCase hc, String property, String value) {
        String json = HeadNetworkTest.config(HeadNetworkTest.head(hc), new Sgd(0.1), DataType.FLOAT).toJson();
        String edited = json.replaceFirst("\"" + property + "\" : [-0-9.E]+", "\"" + property + "\" : " + value);
        assertTrue(!edited.equals(json), "the property was found in " + json);
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(edited);
        String layer = hc.head(1, 1).getClass().getSimpleName();
        assertMessage(() -> new MultiLayerNetwork(conf).init(), layer, value);
    }

    static INDArray ids(double... v) {
        return Nd4j.createFromArray(v).reshape(v.length, 1).castTo(DataType.FLOAT);
    }

    static Stream<Arguments> badLabels() {
        int b = HeadNetworkTest.B;
        int c = HeadNetworkTest.C;
        INDArray twoOnes = HeadLossTest.oneHotOf(ids(0, 1, 2, 0, 1, 2), c);
        twoOnes.putScalar(3, 2, 1.0);
        return Stream.of(
                Arguments.of("id = C", ids(0, 1, 2, 3, 1, 2), new String[]{"[0, 3)", "3.0", "row 3"}),
                Arguments.of("negative id", ids(0, 1, -1, 2, 1, 2), new String[]{"[0, 3)", "-1.0", "row 2"}),
                Arguments.of("non-integer id", ids(0, 1, 2, 0, 1.5, 2), new String[]{"integers", "1.5", "row 4"}),
                Arguments.of("one-hot too wide", Nd4j.zeros(DataType.FLOAT, b, c + 1), new String[]{"[6,3]", "[6, 4]"}),
                Arguments.of("two ones in a row", twoOnes, new String[]{"one-hot", "row 3"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLabels")
    void badLabelsAreRejectedWhenTraining(String what, INDArray labels, String[] parts) {
        for (HeadCase hc : HeadCase.values()) {
            MultiLayerNetwork net = HeadNetworkTest.net(HeadNetworkTest.head(hc), new Sgd(0.1), DataType.FLOAT);
            INDArray x = RandomArrays.gaussian(DataType.FLOAT, 40, HeadNetworkTest.B, HeadNetworkTest.IN);
            String layer = hc.head(1, 1).getClass().getSimpleName();
            assertMessage(() -> net.fit(x, labels), prepend(layer, parts));
        }
    }

    @ParameterizedTest
    @EnumSource(HeadCase.class)
    void wrongEmbeddingWidthOrWeightsAreNamed(HeadCase hc) {
        CosineHead head = hc.head(5, 4);
        INDArray w = HeadLossTest.weights(head, DataType.DOUBLE, 1);
        INDArray ids = RandomArrays.classIds(DataType.DOUBLE, 2, 3, 4);
        assertMessage(() -> head.computeLoss(Nd4j.zeros(DataType.DOUBLE, 3, 6), w, ids, null, false),
                "[B, 5]", "[3, 6]");
        assertMessage(() -> head.computeLoss(Nd4j.ones(DataType.DOUBLE, 3, 5), w.getColumns(0, 1), ids, null, false),
                "[5, 2]");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
