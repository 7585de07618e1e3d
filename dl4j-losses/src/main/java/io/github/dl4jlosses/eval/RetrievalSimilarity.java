package io.github.dl4jlosses.eval;

import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * How {@link RetrievalMetrics} ranks the other items for a query. Either way the whole score matrix comes
 * from one GEMM per block of queries, in DOUBLE precision whatever the embeddings' data type.
 */
public enum RetrievalSimilarity {
    /**
     * Cosine similarity {@code q·x / (max(‖q‖,ε)·max(‖x‖,ε))}, ε = 1e-8, highest first (PML's default
     * {@code CosineSimilarity}). A zero vector has similarity 0 with everything rather than NaN.
     */
    COSINE,
    /**
     * Euclidean distance {@code ‖q − x‖}, lowest first. Ranked by the equivalent score
     * {@code 2·q·x − ‖x‖² = ‖q‖² − ‖q − x‖²} (the per-query constant {@code ‖q‖²} dropped), which needs no
     * square root and orders the items exactly as the distance does.
     */
    EUCLIDEAN;

    /** Norm floor for cosine, as PyTorch's {@code cosine_similarity}. */
    static final double COSINE_EPS = 1e-8;

    /** Prepared embeddings from which blocks of the N×N score matrix are taken. */
    final class Scorer {
        private final INDArray reference;
        private final INDArray referenceT;
        /** EUCLIDEAN: {@code −‖x_j‖²} as a {@code [1,N]} row added to every query row; COSINE: null. */
        private final INDArray columnOffset;

        Scorer(INDArray embeddings) {
            // a view whose rows are apart is copied: ND4J's (1.0.0-M2.1) INDArray.mmul of a block of such a DOUBLE
            // view with its transpose fails with "arrays must have same dtype: FLOAT vs. DOUBLE"
            INDArray x = Rows.withContiguousRows(embeddings).castTo(DataType.DOUBLE);
            if (RetrievalSimilarity.this == COSINE) {
                INDArray norms = Transforms.max(Rows.norms(x), COSINE_EPS, false);
                reference = x.divColumnVector(norms);
                columnOffset = null;
            } else {
                reference = x;
                columnOffset = Rows.squaredNorms(x).reshape(1, x.rows()).negi();
            }
            referenceT = reference.transpose();
        }

        /**
         * Scores of queries {@code from..to−1} against all N items, higher = nearer, row-major:
         * query {@code from + r} against item {@code j} is at {@code r·N + j}.
         */
        double[] rows(int from, int to) {
            INDArray queries = reference.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            INDArray s = queries.mmul(referenceT);
            if (columnOffset != null) {
                s.muli(2.0).addiRowVector(columnOffset);
            }
            // One bulk copy of the buffer (toDoubleMatrix() reads element by element, ~30× slower).
            if (s.ordering() != 'c' || s.isView() || s.data().length() != s.length()) {
                s = s.dup('c');
            }
            return s.data().asDouble();
        }
    }

    Scorer scorer(INDArray embeddings) {
        return new Scorer(embeddings);
    }
}
