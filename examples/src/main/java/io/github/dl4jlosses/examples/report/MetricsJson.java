package io.github.dl4jlosses.examples.report;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code metrics.json}: the run's settings, training summary and, per representation, its
 * verification and retrieval metrics. Non-finite thresholds (accept-all / reject-all) are written
 * as the strings "Infinity" / "-Infinity", which Jackson does by default and every JSON reader accepts.
 */
public final class MetricsJson {
    private MetricsJson() {
    }

    public static Map<String, Object> scores(EmbeddingScores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verification", s.verification.toMap());
        m.put("retrieval", s.retrieval.toMap());
        return m;
    }

    public static void write(Path file, Map<String, Object> document) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
    }
}
