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
 * Fits a graph epoch by epoch with a progress bar showing the running loss and images per second (every image
 * through the tower: both of a pair, all three of a triplet), and keeps the loss of every iteration for the loss
 * curve. Once {@value #ETA_AFTER} batches ran it prints one line with the estimated time left for the whole run
 * (from the batches after the first, which pays for JIT and workspace warm-up); after each epoch, one line with
 * its batches, images, time and images per second. An {@link EmbeddingHealthListener} on the
 * graph logs collapse and a stuck gradient as warnings; a NaN/Inf score stops the run at once, since every
 * later step would only spread the NaN through the weights.
 */
public final class TrainingLoop {
    private final ComputationGraph net;
    private final MultiDataSetIterator batches;
    private final int batchesPerEpoch;
    private final PrintStream out;
    private final EmbeddingHealthListener health = EmbeddingHealthListener.builder().build();
    /** The ETA line is printed after this many batches of the run. */
    static final int ETA_AFTER = 4;

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
        long totalBatches = (long) epochs * batchesPerEpoch;
        long afterFirst = 0;
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
                    examples += images(batch);
                    long now = System.nanoTime();
                    double seconds = (now - start) / 1e9;
                    bar.step();
                    bar.setExtraMessage(String.format(" loss %.4f | %.0f img/s", sum / n, examples / Math.max(seconds, 1e-9)));
                    int done = losses.size();
                    if (done == 1) afterFirst = now;
                    if (done == ETA_AFTER && totalBatches > ETA_AFTER) {
                        double perBatch = (now - afterFirst) / 1e9 / (ETA_AFTER - 1);
                        double left = perBatch * (totalBatches - done);
                        // on a line of its own: the bar goes on below it
                        out.print(String.format("%nETA: about %s left for %d epoch%s of %d batches (%.2f s a batch after the "
                                        + "first, %.0f img/s)%n", clock(left), epochs, epochs == 1 ? "" : "s", batchesPerEpoch,
                                perBatch, images(batch) / perBatch));
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("epoch %d: %d batches, %,d images in %.1f s (%.1f img/s)%n", epoch, n, examples, seconds,
                    examples / Math.max(seconds, 1e-9));
        }
        return losses;
    }

    /** The images a batch sends through the tower: the rows of every input (2 for pairs, 3 for triplets). */
    public static long images(MultiDataSet batch) {
        long n = 0;
        for (int i = 0; i < batch.numFeatureArrays(); i++) n += batch.getFeatures(i).size(0);
        return n;
    }

    /** {@code h:mm:ss}. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
