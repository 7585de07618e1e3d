package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.LossCircle;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import io.github.dl4jlosses.loss.LossInfoNCE;
import io.github.dl4jlosses.loss.LossJson;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import io.github.dl4jlosses.loss.LossNPair;
import io.github.dl4jlosses.loss.LossOptions;
import io.github.dl4jlosses.loss.LossSupCon;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.loss.RankingLoss;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A refused option value is refused the same way whichever route the configuration takes: builder, the loss's
 * JSON alone, JSON inside a ComputationGraph or MultiLayer configuration, a ModelSerializer zip, and Java
 * serialization. Each time the message names the loss, the option, the allowed range and the value.
 */
class OptionValidationTest {
    private static final ObjectMapper TREE = new ObjectMapper();

    /** A bad value of one option, as JSON writes it, and what the message must say. */
    static final class Bad {
        final String loss;
        final Supplier<RankingLoss> make;
        final String option;
        final String json;
        final String value;
        final String range;

        Bad(String loss, Supplier<RankingLoss> make, String option, String json, String value, String range) {
            this.loss = loss;
            this.make = make;
            this.option = option;
            this.json = json;
            this.value = value;
            this.range = range;
        }

        @Override
        public String toString() {
            return loss + "." + option + "=" + json;
        }
    }

    static List<Bad> cases() {
        List<Bad> c = new ArrayList<>();
        String distances = "one of [EUCLIDEAN, SQUARED_EUCLIDEAN, MANHATTAN, COSINE]";
        Supplier<RankingLoss> contrastive = LossContrastive::new;
        c.add(new Bad("LossContrastive", contrastive, "distance", "null", "null", distances));
        c.add(new Bad("LossContrastive", contrastive, "distance", "\"CHEBYSHEV\"", "\"CHEBYSHEV\"", distances));
        c.add(new Bad("LossContrastive", contrastive, "similarLabel", "5", "5", "0 or 1"));
        c.add(new Bad("LossContrastive", contrastive, "similarLabel", "0.5", "0.5", "0 or 1"));
        c.add(new Bad("LossContrastive", contrastive, "marginPositive", "-1", "-1", "a finite number >= 0"));
        c.add(new Bad("LossContrastive", contrastive, "marginNegative", "-0.5", "-0.5", "a finite number >= 0"));
        Supplier<RankingLoss> triplet = LossTriplet::new;
        c.add(new Bad("LossTriplet", triplet, "margin", "-1", "-1", "a finite number >= 0"));
        c.add(new Bad("LossTriplet", triplet, "distance", "null", "null", distances));
        c.add(new Bad("LossTriplet", triplet, "swap", "\"yes\"", "\"yes\"", "true or false"));
        c.add(new Bad("LossTriplet", triplet, "softMargin", "null", "null", "true or false"));
        Supplier<RankingLoss> multi = LossMultiSampleTriplet::new;
        c.add(new Bad("LossMultiSampleTriplet", multi, "positives", "0", "0", "an integer >= 1"));
        c.add(new Bad("LossMultiSampleTriplet", multi, "negatives", "-2", "-2", "an integer >= 1"));
        c.add(new Bad("LossMultiSampleTriplet", multi, "positives", "1.5", "1.5", "an integer >= 1"));
        c.add(new Bad("LossMultiSampleTriplet", multi, "margin", "-0.1", "-0.1", "a finite number >= 0"));
        Supplier<RankingLoss> generalized = LossGeneralizedTriplet::new;
        c.add(new Bad("LossGeneralizedTriplet", generalized, "margin", "-0.2", "-0.2", "a finite number >= 0"));
        c.add(new Bad("LossGeneralizedTriplet", generalized, "distance", "null", "null", distances));
        c.add(new Bad("LossGeneralizedTriplet", generalized, "useClassIds", "null", "null", "true or false"));
        c.add(new Bad("LossNPair", LossNPair::new, "lambda", "-1", "-1", "a finite number >= 0"));
        Supplier<RankingLoss> infoNCE = LossInfoNCE::new;
        c.add(new Bad("LossInfoNCE", infoNCE, "temperature", "0", "0", "a finite number >= 0.0001"));
        c.add(new Bad("LossInfoNCE", infoNCE, "temperature", "-1", "-1", "a finite number >= 0.0001"));
        c.add(new Bad("LossInfoNCE", infoNCE, "temperature", "1e-320", "1.0E-320", "a finite number >= 0.0001"));
        c.add(new Bad("LossInfoNCE", infoNCE, "symmetric", "null", "null", "true or false"));
        Supplier<RankingLoss> batch = LossBatchTriplet::new;
        c.add(new Bad("LossBatchTriplet", batch, "mining", "null", "null", "one of [ALL, HARD, SEMI_HARD]"));
        c.add(new Bad("LossBatchTriplet", batch, "mining", "\"EASY\"", "\"EASY\"", "one of [ALL, HARD, SEMI_HARD]"));
        c.add(new Bad("LossBatchTriplet", batch, "margin", "-1", "-1", "a finite number >= 0"));
        c.add(new Bad("LossBatchTriplet", batch, "distance", "null", "null", distances));
        Supplier<RankingLoss> ms = LossMultiSimilarity::new;
        c.add(new Bad("LossMultiSimilarity", ms, "alpha", "0", "0", "a finite number > 0"));
        c.add(new Bad("LossMultiSimilarity", ms, "beta", "0", "0", "a finite number > 0"));
        c.add(new Bad("LossMultiSimilarity", ms, "lambda", "\"x\"", "\"x\"", "a finite number"));
        c.add(new Bad("LossMultiSimilarity", ms, "epsilon", "-0.1", "-0.1", "a finite number >= 0"));
        c.add(new Bad("LossMultiSimilarity", ms, "mine", "null", "null", "true or false"));
        Supplier<RankingLoss> circle = LossCircle::new;
        c.add(new Bad("LossCircle", circle, "margin", "-0.25", "-0.25", "a finite number >= 0"));
        c.add(new Bad("LossCircle", circle, "gamma", "0", "0", "a finite number > 0"));
        c.add(new Bad("LossCircle", circle, "detachWeights", "null", "null", "true or false"));
        c.add(new Bad("LossSupCon", LossSupCon::new, "temperature", "0", "0", "a finite number >= 0.0001"));
        Supplier<RankingLoss> lifted = LossLiftedStructure::new;
        c.add(new Bad("LossLiftedStructure", lifted, "marginPositive", "-1", "-1", "a finite number >= 0"));
        c.add(new Bad("LossLiftedStructure", lifted, "marginNegative", "\"x\"", "\"x\"", "a finite number >= 0"));
        c.add(new Bad("LossLiftedStructure", lifted, "distance", "null", "null", distances));
        return c;
    }

    private static void assertNames(Bad c, String owner, Throwable t) {
        assertTrue(t instanceof IllegalArgumentException, () -> "expected an IllegalArgumentException, got " + t);
        String m = t.getMessage();
        for (String part : new String[]{owner + ":", c.option, c.range, "got " + c.value}) {
            assertTrue(m.contains(part), () -> "«" + m + "» should contain «" + part + "»");
        }
    }

    /** The innermost IllegalArgumentException of {@code t}'s causes (DL4J wraps load errors in RuntimeException). */
    private static Throwable rootArgumentError(Throwable t) {
        Throwable found = null;
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof IllegalArgumentException) {
                found = x;
            }
        }
        if (found == null) {
            fail("no IllegalArgumentException among the causes of " + t);
        }
        assertTrue(t.getMessage().contains(found.getMessage()), "the wrapper's message carries the loss's message");
        return found;
    }

    /** {@code json} with property {@code option} of every object whose "@class" is {@code lossClass} set to {@code raw}. */
    static String withOption(String json, String lossClass, String option, String raw) throws IOException {
        JsonNode root = TREE.readTree(json);
        JsonNode value = TREE.readTree(raw);
        int[] replaced = {0};
        replace(root, lossClass, option, value, replaced);
        assertTrue(replaced[0] > 0, "the loss " + lossClass + " is in the JSON");
        return TREE.writeValueAsString(root);
    }

    private static void replace(JsonNode node, String lossClass, String option, JsonNode value, int[] replaced) {
        if (node.isObject() && node.has("@class") && node.get("@class").asText().equals(lossClass)) {
            ((ObjectNode) node).set(option, value);
            replaced[0]++;
        }
        node.forEach(child -> replace(child, lossClass, option, value, replaced));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jsonOfTheLossAloneAndOfItsTwin(Bad c) throws IOException {
        RankingLoss loss = c.make.get();
        String json = withOption(LossJson.toJson(loss), loss.getClass().getName(), c.option, c.json);
        assertNames(c, c.loss, assertThrows(IllegalArgumentException.class, () -> LossJson.fromJson(json)));

        SameDiffRankingLoss twin = SameDiffTwins.of(loss);
        String twinJson = withOption(LossJson.toJson(twin), twin.getClass().getName(), c.option, c.json);
        // the twin's options are its analytic loss's: the message names that loss
        assertNames(c, c.loss, assertThrows(IllegalArgumentException.class, () -> LossJson.fromJson(twinJson)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void insideNetworkConfigurationsAndModelZips(Bad c, @TempDir Path dir) throws Exception {
        RankingLoss loss = c.make.get();
        String cls = loss.getClass().getName();
        String cg = withOption(graph(loss).toJson(), cls, c.option, c.json);
        assertNames(c, c.loss, rootArgumentError(assertThrows(RuntimeException.class,
                () -> ComputationGraphConfiguration.fromJson(cg))));
        String mln = withOption(list(loss).toJson(), cls, c.option, c.json);
        assertNames(c, c.loss, rootArgumentError(assertThrows(RuntimeException.class,
                () -> MultiLayerConfiguration.fromJson(mln))));

        MultiLayerNetwork net = new MultiLayerNetwork(list(loss));
        net.init();
        File good = dir.resolve("good.zip").toFile();
        ModelSerializer.writeModel(net, good, false);
        File bad = dir.resolve("bad.zip").toFile();
        rewriteConfiguration(good, bad, json -> {
            try {
                return withOption(json, cls, c.option, c.json);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertNames(c, c.loss, rootArgumentError(assertThrows(Exception.class,
                () -> ModelSerializer.restoreMultiLayerNetwork(bad))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void javaSerializedLossAndTwin(Bad c) throws Exception {
        Object value = TREE.readValue(c.json, Object.class);
        RankingLoss loss = tampered(c.make.get(), c.option, value);
        assertNames(c, c.loss, assertThrows(IllegalArgumentException.class, () -> javaRoundTrip(loss)));
        SameDiffRankingLoss twin = SameDiffTwins.of(tampered(c.make.get(), c.option, value));
        assertNames(c, c.loss, assertThrows(IllegalArgumentException.class, () -> javaRoundTrip(twin)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void builderGivesTheSameMessage(Bad c) throws Exception {
        Object value = TREE.readValue(c.json, Object.class);
        IllegalArgumentException fromJson = assertThrows(IllegalArgumentException.class,
                () -> LossJson.fromJson(withOption(LossJson.toJson(c.make.get()), c.make.get().getClass().getName(),
                        c.option, c.json)));
        IllegalArgumentException fromOption = assertThrows(IllegalArgumentException.class,
                () -> c.make.get().options().with(c.option, value));
        assertEquals(fromOption.getMessage(), fromJson.getMessage());
    }

    @Test
    void builderRefusesTheIssuesValues() {
        String[][] expected = {
                {"LossInfoNCE", "temperature", "1.0E-320"}, {"LossContrastive", "marginNegative", "-1.0"},
                {"LossContrastive", "similarLabel", "5"}, {"LossMultiSampleTriplet", "positives", "0"},
                {"LossNPair", "lambda", "-1.0"}, {"LossMultiSimilarity", "alpha", "0.0"},
                {"LossMultiSimilarity", "beta", "0.0"}, {"LossBatchTriplet", "mining", "null"},
                {"LossTriplet", "distance", "null"}};
        Runnable[] builds = {
                () -> LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, 1e-320).build(),
                () -> LossContrastive.builder().with(LossContrastive.MARGIN_NEGATIVE, -1).build(),
                () -> LossContrastive.builder().with(LossContrastive.SIMILAR_LABEL, 5).build(),
                () -> LossMultiSampleTriplet.builder().with(LossMultiSampleTriplet.POSITIVES, 0).build(),
                () -> LossNPair.builder().with(LossNPair.LAMBDA, -1).build(),
                () -> LossMultiSimilarity.builder().with(LossMultiSimilarity.ALPHA, 0).build(),
                () -> LossMultiSimilarity.builder().with(LossMultiSimilarity.BETA, 0).build(),
                () -> LossBatchTriplet.builder().with(LossBatchTriplet.MINING, null).build(),
                () -> LossTriplet.builder().with(LossTriplet.DISTANCE, null).build()};
        for (int i = 0; i < builds.length; i++) {
            String m = assertThrows(IllegalArgumentException.class, builds[i]::run).getMessage();
            for (String part : expected[i]) {
                assertTrue(m.contains(part), "«" + m + "» should contain «" + part + "»");
            }
        }
        // a twin is built from its loss, whose builder names the loss
        String m = assertThrows(IllegalArgumentException.class,
                () -> new SDLossInfoNCE(LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, 0).build())).getMessage();
        assertTrue(m.startsWith("LossInfoNCE: expected temperature"), m);
    }

    @Test
    void unknownPropertyIsRefusedNotDropped() throws IOException {
        String json = withOption(LossJson.toJson(new LossInfoNCE()), LossInfoNCE.class.getName(), "temprature", "0.1");
        String m = assertThrows(IllegalArgumentException.class, () -> LossJson.fromJson(json)).getMessage();
        assertTrue(m.contains("LossInfoNCE") && m.contains("unknown option \"temprature\"") && m.contains("temperature"), m);
    }

    /** The JSON every loss and twin wrote before options became checked values still reads, to equal losses. */
    @Test
    void jsonWrittenBeforeOptionsStillReads() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/json/losses-before-options.jsonl"),
                StandardCharsets.UTF_8);
        assertEquals(16, lines.size());
        for (String line : lines) {
            ILossFunction back = LossJson.fromJson(line);
            assertEquals(back, LossJson.fromJson(LossJson.toJson(back)), line);
            JsonNode written = TREE.readTree(line);
            JsonNode now = TREE.readTree(LossJson.toJson(back));
            assertEquals(written.get("@class"), now.get("@class"));
            // every option written then reads back to the same value (twins wrote each twice; once now)
            written.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(), now.get(e.getKey()).asText(),
                    line + " / " + e.getKey()));
            assertEquals(written.size(), now.size(), "same properties: " + line);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static ComputationGraphConfiguration graph(ILossFunction loss) {
        return new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(4).nOut(4).build(), "in")
                .addLayer("loss", new LossLayer.Builder(loss).build(), "dense")
                .setOutputs("loss").build();
    }

    private static MultiLayerConfiguration list(ILossFunction loss) {
        return new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(4).build())
                .layer(new LossLayer.Builder(loss).build())
                .build();
    }

    /** A loss whose serialized option {@code option} holds {@code value}, as a tampered or foreign stream could. */
    @SuppressWarnings("unchecked")
    private static RankingLoss tampered(RankingLoss loss, String option, Object value) throws Exception {
        Field values = LossOptions.class.getDeclaredField("values");
        values.setAccessible(true);
        ((Map<String, Object>) values.get(loss.options())).put(option, value);
        return loss;
    }

    static Object javaRoundTrip(Object o) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    private static void rewriteConfiguration(File from, File to, java.util.function.UnaryOperator<String> edit)
            throws IOException {
        try (ZipFile zip = new ZipFile(from); ZipOutputStream out = new ZipOutputStream(new FileOutputStream(to))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals("configuration.json")) {
                    bytes = edit.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
    }
}
