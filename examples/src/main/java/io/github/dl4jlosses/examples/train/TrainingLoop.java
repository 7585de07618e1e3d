package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.train.EmbeddingHealthListener;
import io.github.dl4jlosses.train.TrainingProblem;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a graph epoch by epoch with a progress bar showing the running loss and examples per second,
 * and keeps the loss of every iteration for the loss curve. An {@link EmbeddingHealthListener} on the
 * graph logs collapse and a stuck gradient as warnings; a NaN/Inf score stops the run at once, since every
 * later step would only spread the NaN through the weights.
 */
public final class TrainingLoop {
    private final ComputationGraph net;
    private final MultiDataSetIterator batches;
    private final int batchesPerEpoch;
    private final PrintStream out;
    private final EmbeddingHealthListener health = EmbeddingHealthListener.builder().build();

    public TrainingLoop(ComputationGraph net, MultiDataSetIterator batches, int batchesPerEpoch, PrintStream out) {
        this.net = net;
        this.batches = batches;
        this.batchesPerEpoch = batchesPerEpoch;
        this.out = out;
        net.addListeners(health);
    }

    /**
     * Runs {@code epochs} epochs; returns the loss of each iteration.
     *
     * @throws IllegalStateException when the score turns NaN or infinite, naming the iteration and epoch
     */
    public List<Double> run(int epochs) {
        List<Double> losses = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double sum = 0;
            int n = 0;
            long examples = 0;
            long start = System.nanoTime();
            batches.reset();
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, epochs))
                    .setInitialMax(batchesPerEpoch).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build()) {
                while (batches.hasNext()) {
                    MultiDataSet batch = batches.next();
                    net.fit(batch);
                    double loss = net.score();
                    if (health.scoreNonFinite()) {
                        int iteration = health.warning(TrainingProblem.NON_FINITE_SCORE).orElseThrow().iteration();
                        throw new IllegalStateException(String.format("training diverged at iteration %d, in epoch %d of %d: "
                                + "the score is %s; try a smaller --lr", iteration, epoch, epochs, loss));
                    }
                    losses.add(loss);
                    sum += loss;
                    n++;
                    examples += batch.getFeatures(0).size(0);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    bar.step();
                    bar.setExtraMessage(String.format(" loss %.4f | %.0f ex/s", sum / n, examples / Math.max(seconds, 1e-9)));
                }
            }
        }
        return losses;
    }
}
