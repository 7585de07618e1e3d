package io.github.dl4jlosses.examples.train;

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
 * and keeps the loss of every iteration for the loss curve.
 */
public final class TrainingLoop {
    private final ComputationGraph net;
    private final MultiDataSetIterator batches;
    private final int batchesPerEpoch;
    private final PrintStream out;

    public TrainingLoop(ComputationGraph net, MultiDataSetIterator batches, int batchesPerEpoch, PrintStream out) {
        this.net = net;
        this.batches = batches;
        this.batchesPerEpoch = batchesPerEpoch;
        this.out = out;
    }

    /** Runs {@code epochs} epochs; returns the loss of each iteration. */
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
                    losses.add(loss);
                    sum += loss;
                    n++;
                    examples += batch.getFeatures(0).size(0);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    bar.step();
                    bar.setExtraMessage(String.format(" loss %.4f | %.0f ex/s", sum / n, examples / Math.max(seconds, 1e-9)));
                }
            }
            if (!Double.isFinite(sum)) {
                throw new IllegalStateException("training diverged in epoch " + epoch + " (loss " + sum / n + "); "
                        + "try a smaller --lr");
            }
        }
        return losses;
    }
}
