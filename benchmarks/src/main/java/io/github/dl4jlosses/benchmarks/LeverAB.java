package io.github.dl4jlosses.benchmarks;

import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Interleaved A/B/A/B timing of {@link GraphStepLeverBenchmark}'s levers (on one or more graphs) in one JVM, for a machine shared with
 * other work: every lever's graph is built once, then rounds run a few training steps of each lever in turn
 * (the order rotating from round to round), so a change of load hits every lever alike. Each lever runs on its own
 * thread, so that DL4J's thread-local workspaces are not shared between graphs; {@code HELPERS_OFF} switches
 * ND4J's helpers off only around its own steps (and while its graph is built).
 * <p>
 * Prints, per lever, the median step time with its interquartile range, and the median over rounds of the ratio
 * of the lever's median to {@code DEFAULT}'s median in the same round (paired, so load drift cancels), with the
 * 10th–90th percentile of those ratios.
 * <pre>
 *   java -cp ... io.github.dl4jlosses.benchmarks.LeverAB siamese,triplet 20 3 DEFAULT,NHWC,CACHE_HOST
 *   (graphs, rounds, steps per lever per round, levers; the first lever is each graph's reference;
 *   a fifth argument {@code inference} times {@code inference()} instead of {@code step()})
 * </pre>
 */
public final class LeverAB {
    private LeverAB() {
    }

    public static void main(String[] args) throws Exception {
        String[] graphs = args[0].split(",");
        int rounds = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        List<GraphStepLeverBenchmark.Lever> levers = new ArrayList<>();
        for (String s : args[3].split(",")) {
            levers.add(GraphStepLeverBenchmark.Lever.valueOf(s.trim()));
        }
        boolean inference = args.length > 4 && args[4].equals("inference");
        int n = graphs.length * levers.size();
        GraphStepLeverBenchmark[] benches = new GraphStepLeverBenchmark[n];
        int[] reference = new int[n];
        ExecutorService[] threads = new ExecutorService[n];
        for (int i = 0; i < n; i++) {
            GraphStepLeverBenchmark b = new GraphStepLeverBenchmark();
            b.graph = graphs[i / levers.size()];
            b.lever = levers.get(i % levers.size());
            reference[i] = i - i % levers.size();
            threads[i] = Executors.newSingleThreadExecutor();
            benches[i] = b;
            run(threads[i], b, b::setup);
        }
        // warm-up: two rounds' worth per lever
        for (int i = 0; i < n; i++) {
            GraphStepLeverBenchmark b = benches[i];
            for (int s = 0; s < 2 * steps; s++) {
                run(threads[i], b, inference ? b::inference : b::step);
            }
        }
        double[][][] ms = new double[n][rounds][steps];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < n; j++) {
                int i = (j + r) % n;
                GraphStepLeverBenchmark b = benches[i];
                for (int s = 0; s < steps; s++) {
                    long t0 = System.nanoTime();
                    run(threads[i], b, inference ? b::inference : b::step);
                    ms[i][r][s] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        for (ExecutorService t : threads) {
            t.shutdown();
        }
        System.out.printf(Locale.ROOT, "# LeverAB %s graphs=%s rounds=%d steps=%d natives=%s OMP_NUM_THREADS=%s load=%s%n",
                inference ? "inference" : "training step", args[0], rounds, steps, EnvironmentReport.loadedNatives(),
                System.getenv("OMP_NUM_THREADS"), loadAvg());
        System.out.println("graph\tlever\tmedian_ms\tp25_ms\tp75_ms\tmin_ms\tratio_vs_" + levers.get(0)
                + "\tratio_p10\tratio_p90");
        for (int i = 0; i < n; i++) {
            double[] all = Arrays.stream(ms[i]).flatMapToDouble(Arrays::stream).sorted().toArray();
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = Stats.median(ms[i][r]) / Stats.median(ms[reference[i]][r]);
            }
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.3f\t%.3f\t%.3f%n", benches[i].graph,
                    benches[i].lever, Stats.quantile(all, 0.5), Stats.quantile(all, 0.25), Stats.quantile(all, 0.75),
                    all[0],
                    Stats.quantile(ratios, 0.5), Stats.quantile(ratios, 0.1), Stats.quantile(ratios, 0.9));
        }
    }

    private static void run(ExecutorService thread, GraphStepLeverBenchmark b, Runnable task) throws Exception {
        boolean helpersOff = b.lever == GraphStepLeverBenchmark.Lever.HELPERS_OFF;
        Future<?> f = thread.submit(() -> {
            if (helpersOff) {
                Nd4j.getEnvironment().allowHelpers(false);
            }
            try {
                task.run();
            } finally {
                if (helpersOff) {
                    Nd4j.getEnvironment().allowHelpers(true);
                }
            }
        });
        f.get();
    }

    private static String loadAvg() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg"))).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
