package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builders, defaults, equals/hashCode/toString, and Jackson + Java serialization of each loss on its own. */
class LossConfigurationTest {

    static List<TupleLossCase> cases() {
        return TupleLossCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jacksonAndJavaSerializationRoundTrip(TupleLossCase c) throws Exception {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        String json = mapper.writeValueAsString(c.loss);
        assertTrue(json.contains("\"@class\""), json);
        ILossFunction back = mapper.readValue(json, ILossFunction.class);
        assertEquals(c.loss, back);
        assertEquals(c.loss.hashCode(), back.hashCode());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c.loss);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(c.loss, in.readObject());
        }
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertEquals(new LossTriplet(), LossTriplet.builder().build());
        LossTriplet t = new LossTriplet();
        assertEquals(1.0, t.get(LossTriplet.MARGIN));
        assertEquals(Distance.EUCLIDEAN, t.get(LossTriplet.DISTANCE));
        assertEquals(false, t.get(LossTriplet.SWAP));
        assertEquals(false, t.get(LossTriplet.SOFT_MARGIN));

        LossContrastive c = new LossContrastive();
        assertEquals(c, LossContrastive.builder().build());
        assertEquals(1, c.get(LossContrastive.SIMILAR_LABEL));
        assertEquals(0.0, c.get(LossContrastive.MARGIN_POSITIVE));
        assertEquals(1.0, c.get(LossContrastive.MARGIN_NEGATIVE));
        assertEquals(Distance.EUCLIDEAN, c.get(LossContrastive.DISTANCE));

        LossMultiSampleTriplet m = new LossMultiSampleTriplet();
        assertEquals(m, LossMultiSampleTriplet.builder().build());
        assertEquals(1, m.get(LossMultiSampleTriplet.POSITIVES));
        assertEquals(1, m.get(LossMultiSampleTriplet.NEGATIVES));
    }

    @Test
    void equalityFollowsEveryOption() {
        LossTriplet base = LossTriplet.builder().with(LossTriplet.MARGIN, 0.2)
                .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).with(LossTriplet.SWAP, false)
                .with(LossTriplet.SOFT_MARGIN, false).build();
        assertEquals(base, LossTriplet.builder().with(LossTriplet.MARGIN, 0.2)
                .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build());
        assertNotEquals(base, LossTriplet.builder().with(LossTriplet.MARGIN, 0.3)
                .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).build());
        assertNotEquals(base, LossTriplet.builder().with(LossTriplet.MARGIN, 0.2).build());
        assertNotEquals(base, LossTriplet.builder().with(LossTriplet.MARGIN, 0.2)
                .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).with(LossTriplet.SWAP, true).build());
        assertNotEquals(base, LossTriplet.builder().with(LossTriplet.MARGIN, 0.2)
                .with(LossTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).with(LossTriplet.SOFT_MARGIN, true).build());
        assertNotEquals(new LossContrastive(), LossContrastive.builder()
                .with(LossContrastive.SIMILAR_LABEL, 0).build());
        assertNotEquals(new LossContrastive(), LossContrastive.builder()
                .with(LossContrastive.MARGIN_POSITIVE, 0.1).build());
        assertNotEquals(new LossMultiSampleTriplet(), LossMultiSampleTriplet.builder()
                .with(LossMultiSampleTriplet.NEGATIVES, 2).build());

        String s = base.toString();
        assertTrue(s.contains("LossTriplet") && s.contains("margin=0.2") && s.contains("SQUARED_EUCLIDEAN"), s);
        assertTrue(LossContrastive.builder()
                .with(LossContrastive.SIMILAR_LABEL, 0).build().toString().contains("similarLabel=0"));
    }
}
