package io.github.dl4jlosses.eval;

import lombok.Getter;
import lombok.experimental.Accessors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Retrieval metrics of one set of labelled embeddings, as {@link RetrievalMetrics#evaluate} computes them:
 * Recall@K, R-precision and MAP@R, each a mean over the queries that have at least one other item of their
 * class. Immutable. {@link #toMap()} gives them under stable snake_case keys for JSON output.
 */
@Getter
@Accessors(fluent = true)
public final class RetrievalReport {

    /** The ranking used. */
    private final RetrievalSimilarity similarity;
    /** Number of embeddings, N. */
    private final int items;
    /** Number of queries averaged over: items with at least one other item of their class. */
    private final int queries;
    /** Recall@K for every K evaluated, ascending K. */
    private final Map<Integer, Double> recallAtK;
    /** Mean R-precision. */
    private final double rPrecision;
    /** Mean MAP@R. */
    private final double mapAtR;

    RetrievalReport(RetrievalSimilarity similarity, int items, int queries, Map<Integer, Double> recallAtK,
                    double rPrecision, double mapAtR) {
        this.similarity = similarity;
        this.items = items;
        this.queries = queries;
        this.recallAtK = Collections.unmodifiableMap(new TreeMap<>(recallAtK));
        this.rPrecision = rPrecision;
        this.mapAtR = mapAtR;
    }

    /** Number of items skipped as queries because no other item has their class. */
    public int skippedQueries() {
        return items - queries;
    }

    /**
     * Recall@K for one evaluated K.
     *
     * @throws IllegalArgumentException if K was not evaluated
     */
    public double recallAt(int k) {
        Double r = recallAtK.get(k);
        if (r == null) {
            throw new IllegalArgumentException("expected one of the evaluated K " + recallAtK.keySet() + ", but got "
                    + k);
        }
        return r;
    }

    /**
     * The results as an ordered map of plain values: {@code similarity} ("cosine" / "euclidean"),
     * {@code items, queries, skipped_queries, recall_at_<K>} for each K, {@code r_precision, map_at_r}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("similarity", similarity.name().toLowerCase(Locale.ROOT));
        m.put("items", items);
        m.put("queries", queries);
        m.put("skipped_queries", skippedQueries());
        for (Map.Entry<Integer, Double> e : recallAtK.entrySet()) {
            m.put("recall_at_" + e.getKey(), e.getValue());
        }
        m.put("r_precision", rPrecision);
        m.put("map_at_r", mapAtR);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s retrieval over %d queries (%d skipped)",
                similarity.name().toLowerCase(Locale.ROOT), queries, skippedQueries()));
        for (Map.Entry<Integer, Double> e : recallAtK.entrySet()) {
            sb.append(String.format(Locale.ROOT, ", Recall@%d %.4f", e.getKey(), e.getValue()));
        }
        sb.append(String.format(Locale.ROOT, ", R-precision %.4f, MAP@R %.4f", rPrecision, mapAtR));
        return sb.toString();
    }
}
