package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.samediff.SameDiffTwins;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 *   thread's CPU instead of wall time, which at THREADS=1 leaves other processes' load out; -Dwarmup=S the seconds
 *   of warm-up per loss and shape, default 10)
 * </pre>
 */
public final class TwinRatio {
    private static final boolean CPU = Boolean.getBoolean("cpu");
    /**
     * Seconds of alternating calls before a (loss, shape)'s rounds ({@code -Dwarmup=S}, default 10): the JIT compiles
     * ND4J's Java side of each op for ~7–9 s on 2 cores (session 33: multi-similarity at 512×128 took 4.4 ms a call
     * after 4 s, 2.6 ms after 9 s); with 5 calls only (before session 33) the ratios compared partly compiled calls.
     */
    private static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("warmup", "10"));
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
        // JIT, the workspace's and the twin graph's first-call allocations: at least 5 calls each, and WARMUP seconds
        long until = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
        for (int i = 0; i < 5 || System.nanoTime() < until; i++) {
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
        double[] interval = Stats.geometricMeanInterval(logRatio);
        double geo = interval[0];
        double low = interval[1];
        double high = interval[2];
        return String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f [%.2f–%.2f] | %.0f%% |",
                loss, shape, rounds, Stats.median(a), Stats.median(t), Math.exp(Stats.median(logRatio)), geo, low, high,
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
}
