package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.samediff.SameDiffTwins;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * SameDiff twin against its analytic loss, interleaved in one JVM (issue 15's "twin ≤ 3× analytic" on a machine
 * shared with other work): per round one analytic call and one twin call of loss + gradient, in a training-like
 * workspace ({@link Workspaces}), identity activation, FLOAT, {@link BenchInputs} of seed 42. A change of load hits
 * both calls of a round alike, so the ratio twin / analytic of each round is the paired measurement; printed are
 * both medians, the median ratio and the 95% confidence interval of the ratios' geometric mean (Student's t over
 * their logarithms, as {@code paired_ratios.py}).
 * <pre>
 *   THREADS=2 MAIN=io.github.dl4jlosses.benchmarks.TwinRatio benchmarks/run.sh 512x128,1024x512 'CONTRASTIVE|NPAIR' 21
 *   (shapes, a regular expression over {@link LossCase} names, rounds; JAVA_OPTS=-Dcpu=true times the calling
 *   thread's CPU instead of wall time, which at THREADS=1 leaves other processes' load out)
 * </pre>
 */
public final class TwinRatio {
    private static final boolean CPU = Boolean.getBoolean("cpu");
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
    private static final IActivation IDENTITY = new ActivationIdentity();

    private TwinRatio() {
    }

    public static void main(String[] args) {
        String[] shapes = (args.length > 0 ? args[0] : BenchShape.S512x128 + "," + BenchShape.S1024x512).split(",");
        String filter = args.length > 1 ? args[1] : ".*";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 21;
        // The table is printed at the end: building a twin's gradient graph prints SameDiff's own lines.
        StringBuilder table = new StringBuilder("| loss | B×D | rounds | analytic ms (median) | twin ms (median) "
                + "| twin / analytic: median | geometric mean [95% CI] | ± of CI |\n|---|---|---:|---:|---:|---:|---|---:|\n");
        for (String shape : shapes) {
            for (LossCase loss : LossCase.values()) {
                if (loss.name().matches(filter)) {
                    table.append(row(loss, shape, rounds)).append('\n');
                }
            }
        }
        System.out.print(table);
    }

    private static String row(LossCase loss, String shape, int rounds) {
        BenchInputs in = loss.family.create(BenchShape.parse(shape), DataType.FLOAT, 42);
        ILossFunction analytic = loss.create();
        ILossFunction twin = SameDiffTwins.of(loss.create());
        for (int i = 0; i < 5; i++) {      // JIT, the workspace's and the twin graph's first-call allocations
            time(analytic, in);
            time(twin, in);
        }
        double[] a = new double[rounds];
        double[] t = new double[rounds];
        double[] logRatio = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            a[i] = time(analytic, in);
            t[i] = time(twin, in);
            logRatio[i] = Math.log(t[i] / a[i]);
        }
        double mean = Arrays.stream(logRatio).average().orElse(Double.NaN);
        double sd = Math.sqrt(Arrays.stream(logRatio).map(x -> (x - mean) * (x - mean)).sum() / (rounds - 1));
        double half = t95(rounds - 1) * sd / Math.sqrt(rounds);
        double geo = Math.exp(mean);
        double low = Math.exp(mean - half);
        double high = Math.exp(mean + half);
        return String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f [%.2f–%.2f] | %.0f%% |",
                loss, shape, rounds, median(a), median(t), Math.exp(median(logRatio)), geo, low, high,
                (high - low) / 2 / geo * 100);
    }

    /** Milliseconds of one loss + gradient call. */
    private static double time(ILossFunction fn, BenchInputs in) {
        long start = now();
        try (MemoryWorkspace ignored = Workspaces.open()) {
            fn.computeGradientAndScore(in.labels, in.preOutput, IDENTITY, null, true).getSecond().sumNumber();
        }
        return (now() - start) / 1e6;
    }

    private static long now() {
        return CPU ? THREAD.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Two-sided 95% quantile of Student's t with {@code df} degrees of freedom (table to 30, then 1.96). */
    private static double t95(int df) {
        double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
            2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
            2.045, 2.042};
        return df <= table.length ? table[df - 1] : 1.96;
    }
}
