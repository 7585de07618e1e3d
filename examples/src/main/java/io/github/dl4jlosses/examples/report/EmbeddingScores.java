package io.github.dl4jlosses.examples.report;

import io.github.dl4jlosses.eval.RetrievalMetrics;
import io.github.dl4jlosses.eval.RetrievalReport;
import io.github.dl4jlosses.eval.VerificationMetrics;
import io.github.dl4jlosses.eval.VerificationReport;
import io.github.dl4jlosses.examples.protocol.VerificationPairs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Verification and retrieval metrics of one representation (learned embeddings or raw pixels) on
 * the same pairs and images, so the two can be put side by side.
 */
public final class EmbeddingScores {
    public final String name;
    public final VerificationReport verification;
    public final RetrievalReport retrieval;
    /** The score of each verification pair (higher = more alike) and whether the pair is of one class. */
    public final double[] pairScores;
    public final boolean[] same;
    /** What {@link #pairScores} are, for plot axes: "cosine similarity" or the Koch head's probability. */
    public final String scoreName;

    public EmbeddingScores(String name, VerificationReport verification, RetrievalReport retrieval, double[] pairScores,
                           boolean[] same, String scoreName) {
        this.name = name;
        this.verification = verification;
        this.retrieval = retrieval;
        this.pairScores = pairScores;
        this.same = same;
        this.scoreName = scoreName;
    }

    /** Cosine similarity of each pair's rows; retrieval by cosine over all rows. */
    public static EmbeddingScores cosine(String name, INDArray rows, int[] labels, VerificationPairs pairs) {
        return of(name, pairCosine(rows, pairs), COSINE, rows, labels, pairs);
    }

    /** {@link #scoreName} of cosine-scored pairs. */
    public static final String COSINE = "cosine similarity";

    /** Given pair scores (e.g. a Koch head's probabilities); retrieval by cosine over the rows. */
    public static EmbeddingScores of(String name, double[] pairScores, String scoreName, INDArray rows, int[] labels,
                                     VerificationPairs pairs) {
        VerificationReport v = VerificationMetrics.evaluate(pairScores, pairs.same, pairs.fold);
        RetrievalReport r = RetrievalMetrics.cosine().evaluate(rows, labels);
        return new EmbeddingScores(name, v, r, pairScores, pairs.same, scoreName);
    }

    /** cos(x_left, x_right) for every pair, vectorized over all pairs. */
    public static double[] pairCosine(INDArray rows, VerificationPairs pairs) {
        INDArray x = rows.castTo(DataType.DOUBLE);
        INDArray a = Nd4j.pullRows(x, 1, pairs.left);
        INDArray b = Nd4j.pullRows(x, 1, pairs.right);
        INDArray dot = a.mul(b).sum(1);
        INDArray norms = a.norm2(1).muli(b.norm2(1));
        norms = org.nd4j.linalg.ops.transforms.Transforms.max(norms, 1e-12, false);
        return dot.divi(norms).toDoubleVector();
    }
}
