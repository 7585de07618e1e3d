package io.github.dl4jlosses.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Leave-one-out retrieval metrics of labelled embeddings, as pytorch-metric-learning's
 * {@code AccuracyCalculator} defines them (with the query and reference set being the same embeddings).
 * <p>
 * Every item is a query in turn; the other N−1 items are ranked by {@link RetrievalSimilarity} (cosine by
 * default), ties broken by the lower item index. The query itself is left out by <em>index</em>, so an exact
 * duplicate of the query elsewhere in the set is an ordinary neighbour. For a query of class {@code c},
 * {@code R} = number of <em>other</em> items of class {@code c}, and {@code rel(i) = 1} if the i-th neighbour
 * has class {@code c}:
 * <ul>
 *   <li><b>Recall@K</b> = 1 if at least one of the K nearest has class {@code c}, else 0. Recall@1 is PML's
 *       {@code precision_at_1}. With K ≥ N−1 it is 1 for every query.</li>
 *   <li><b>R-precision</b> = {@code (1/R) Σ_{i=1..R} rel(i)}.</li>
 *   <li><b>MAP@R</b> = {@code (1/R) Σ_{i=1..R} P(i)·rel(i)}, {@code P(i) = (1/i) Σ_{j≤i} rel(j)}
 *       (Musgrave, Belongie, Lim 2020, "A Metric Learning Reality Check"; PML's
 *       {@code mean_average_precision_at_r}).</li>
 * </ul>
 * Each metric is the mean over queries (PML's {@code avg_of_avgs=False}). <b>Queries with R = 0</b> (the
 * only item of their class) <b>are skipped</b>, as PML skips "lone" queries; {@link RetrievalReport} says how
 * many. Unlike PML (which asks faiss for at most 1023 neighbours), R is never capped.
 * <p>
 * Cost: the N×N scores are computed one block of queries at a time, one GEMM each, so memory stays
 * O(block·N) (about 32 MB of doubles per block by default); each query row is then ranked in Java in
 * O(N + L·log L), L = max(R, largest K), by selecting the L-th score and sorting only the items above it.
 * Instances are immutable and thread-safe.
 */
public final class RetrievalMetrics {

    private static final int[] DEFAULT_KS = {1, 5, 10};
    /** Default block: about 4M scores (32 MB as doubles) per GEMM. */
    private static final long SCORES_PER_BLOCK = 1L << 22;

    private final RetrievalSimilarity similarity;
    private final int[] ks;
    /** Queries per GEMM; 0 = chosen from N. */
    private final int blockSize;

    private RetrievalMetrics(RetrievalSimilarity similarity, int[] ks, int blockSize) {
        this.similarity = similarity;
        this.ks = ks;
        this.blockSize = blockSize;
    }

    /** Cosine similarity, Recall@1/5/10. */
    public static RetrievalMetrics cosine() {
        return of(RetrievalSimilarity.COSINE);
    }

    /** Euclidean distance, Recall@1/5/10. */
    public static RetrievalMetrics euclidean() {
        return of(RetrievalSimilarity.EUCLIDEAN);
    }

    /** The given similarity, Recall@1/5/10. */
    public static RetrievalMetrics of(RetrievalSimilarity similarity) {
        return new RetrievalMetrics(Checks.notNull(similarity, "similarity"), DEFAULT_KS.clone(), 0);
    }

    /**
     * A copy computing Recall@K for these K (each ≥ 1; duplicates are merged).
     *
     * @throws IllegalArgumentException if none is given or one is &lt; 1
     */
    public RetrievalMetrics withRecallAt(int... recallKs) {
        Checks.notNull(recallKs, "recallKs");
        if (recallKs.length == 0) {
            throw new IllegalArgumentException("expected at least one K for Recall@K, but got none");
        }
        for (int k : recallKs) {
            if (k < 1) {
                throw new IllegalArgumentException("expected every K of Recall@K to be ≥ 1, but got "
                        + Arrays.toString(recallKs));
            }
        }
        return new RetrievalMetrics(similarity, Arrays.stream(recallKs).distinct().sorted().toArray(), blockSize);
    }

    /**
     * A copy scoring {@code rows} queries per GEMM (memory ≈ 16·rows·N bytes: the ND4J block and its Java copy).
     *
     * @throws IllegalArgumentException if {@code rows < 1}
     */
    public RetrievalMetrics withBlockSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("expected a block size ≥ 1 query, but got " + rows);
        }
        return new RetrievalMetrics(similarity, ks, rows);
    }

    /** The ranking in use. */
    public RetrievalSimilarity similarity() {
        return similarity;
    }

    /**
     * Evaluates {@code embeddings} {@code [N,D]} (any floating data type; finite) with class {@code labels}
     * (one per row, any int values).
     *
     * @throws IllegalArgumentException if embeddings are null, not rank 2, have fewer than 2 rows or 0 columns,
     *                                  hold NaN or ±∞; if labels are null or their length ≠ N; or if no item
     *                                  shares its class with another (every query would be skipped)
     */
    public RetrievalReport evaluate(INDArray embeddings, int[] labels) {
        Checks.notNull(embeddings, "embeddings");
        Checks.notNull(labels, "labels");
        if (embeddings.rank() != 2) {
            throw new IllegalArgumentException("expected embeddings of shape [N,D], but got shape "
                    + Arrays.toString(embeddings.shape()));
        }
        if (embeddings.rows() < 2 || embeddings.columns() < 1) {
            throw new IllegalArgumentException("expected embeddings [N,D] with N ≥ 2 and D ≥ 1, but got shape "
                    + Arrays.toString(embeddings.shape()));
        }
        if (!embeddings.dataType().isFPType()) {
            throw new IllegalArgumentException("expected floating-point embeddings, but got " + embeddings.dataType());
        }
        int n = embeddings.rows();
        if (labels.length != n) {
            throw new IllegalArgumentException("expected one label per embedding row (" + n + "), but got "
                    + labels.length + " labels");
        }
        if (!BooleanIndexing.and(embeddings, Conditions.isFinite())) {
            throw new IllegalArgumentException("expected finite embeddings, but they contain NaN or infinite values");
        }
        int[] others = otherItemsOfSameClass(labels);
        int evaluated = 0;
        for (int r : others) {
            if (r > 0) {
                evaluated++;
            }
        }
        if (evaluated == 0) {
            throw new IllegalArgumentException("expected at least one class with 2 or more items, but all " + n
                    + " labels are distinct: every query would be skipped");
        }

        long[] recallHits = new long[ks.length];
        double rPrecisionSum = 0;
        double mapAtRSum = 0;
        int maxK = ks[ks.length - 1];
        int block = blockSize > 0 ? blockSize : (int) Math.max(1, Math.min(n, SCORES_PER_BLOCK / n));
        RetrievalSimilarity.Scorer scorer = similarity.scorer(embeddings);
        for (int from = 0; from < n; from += block) {
            int to = Math.min(n, from + block);
            double[] scores = scorer.rows(from, to);
            for (int q = from; q < to; q++) {
                int r = others[q];
                if (r == 0) {
                    continue;
                }
                int limit = Math.min(n - 1, Math.max(r, maxK));
                int[] order = NeighbourOrder.nearest(scores, (q - from) * n, n, q, limit);
                int firstHit = Integer.MAX_VALUE; // 1-based rank of the first same-class neighbour
                int hits = 0;
                double precisionSum = 0;
                for (int i = 1; i <= limit; i++) {
                    if (labels[order[i - 1]] == labels[q]) {
                        firstHit = Math.min(firstHit, i);
                        if (i <= r) {
                            hits++;
                            precisionSum += hits / (double) i;
                        }
                    }
                }
                for (int j = 0; j < ks.length; j++) {
                    if (firstHit <= ks[j]) {
                        recallHits[j]++;
                    }
                }
                rPrecisionSum += hits / (double) r;
                mapAtRSum += precisionSum / r;
            }
        }
        Map<Integer, Double> recall = new TreeMap<>();
        for (int j = 0; j < ks.length; j++) {
            recall.put(ks[j], recallHits[j] / (double) evaluated);
        }
        return new RetrievalReport(similarity, n, evaluated, recall, rPrecisionSum / evaluated,
                mapAtRSum / evaluated);
    }

    /** For each item, R = how many other items share its label. */
    private static int[] otherItemsOfSameClass(int[] labels) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int label : labels) {
            counts.merge(label, 1, Integer::sum);
        }
        int[] r = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            r[i] = counts.get(labels[i]) - 1;
        }
        return r;
    }
}
