package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.examples.cli.LossChoice;
import io.github.dl4jlosses.examples.report.EmbeddingScores;
import io.github.dl4jlosses.graph.EmbeddingModel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores a trained graph on the test split: pair scores (cosine similarity of tower embeddings, or
 * the Koch head's probability) for verification, embeddings for retrieval; and the same metrics on
 * raw pixels as the baseline.
 */
public final class Evaluation {
    private Evaluation() {
    }

    public static final class Result {
        public final EmbeddingScores ours;
        public final EmbeddingScores pixels;
        public final INDArray embeddings;
        /** The test images as rows of pixels (what the baseline compares). */
        public final INDArray pixelRows;

        Result(EmbeddingScores ours, EmbeddingScores pixels, INDArray embeddings, INDArray pixelRows) {
            this.ours = ours;
            this.pixels = pixels;
            this.embeddings = embeddings;
            this.pixelRows = pixelRows;
        }
    }

    public static Result run(ComputationGraph net, LossChoice loss, DataSplit split) {
        return run(net, loss, split, "learned (" + loss + ")");
    }

    /** As {@link #run(ComputationGraph, LossChoice, DataSplit)}, naming the learned representation {@code name}. */
    public static Result run(ComputationGraph net, LossChoice loss, DataSplit split, String name) {
        INDArray x = DataSplit.features(split.test);
        int[] labels = split.test.labels();
        INDArray embeddings = embed(net, x);
        EmbeddingScores ours = loss == LossChoice.KOCH
                ? EmbeddingScores.of(name, kochScores(net, x, split), "Koch head P(same)", embeddings,
                        labels, split.pairs)
                : EmbeddingScores.cosine(name, embeddings, labels, split.pairs);
        EmbeddingScores pixels = EmbeddingScores.cosine("raw pixels (cosine)", x, labels, split.pairs);
        return new Result(ours, pixels, embeddings, x);
    }

    public static INDArray embed(ComputationGraph net, INDArray x) {
        EmbeddingModel model = EmbeddingModel.fromGraph(net);
        int batch = 512;
        INDArray out = null;
        for (long start = 0; start < x.rows(); start += batch) {
            long end = Math.min(x.rows(), start + batch);
            INDArray e = model.embed(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()));
            if (out == null) out = Nd4j.create(e.dataType(), x.rows(), e.columns());
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end), org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(e);
        }
        return out;
    }

    /** The Koch head's same-person probability for each pair. */
    public static double[] kochScores(ComputationGraph net, INDArray x, DataSplit split) {
        INDArray left = Nd4j.pullRows(x, 1, split.pairs.left);
        INDArray right = Nd4j.pullRows(x, 1, split.pairs.right);
        return net.output(false, left, right)[0].reshape(left.rows()).toDoubleVector();
    }
}
