package io.github.dl4jlosses.benchmarks;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A/B of two builds of the library in one JVM, for changes of a few percent on a machine whose load drifts: each build
 * is loaded by its own class loader over the same ND4J (the library's and these benchmarks' classes child-first, all
 * else from the parent), and blocks of loss + gradient calls ({@link LossCall}, in a training-like workspace)
 * alternate between them, the order swapped every round. Per round the ratio of the blocks' medians, new/old; printed
 * per loss and shape: the medians, the median ratio and the geometric mean of the ratios with its 95% interval
 * ({@link Stats#geometricMeanInterval}, as {@link TwinRatio}). Two runs of one build against itself gave 0.995
 * [0.984–1.007] and 0.986 [0.969–1.004] (session 21, ± 2 standard errors), where alternating JVMs scattered ±10–15%
 * on the same host.
 * <pre>
 *   benchmarks/ab.sh OLD_REVISION [LOSSES] [SHAPES] [ROUNDS] [CALLS]        # builds OLD_REVISION's jar, then this
 *   java -cp &lt;ND4J and DL4J only, plus benchmarks/target/classes&gt; io.github.dl4jlosses.benchmarks.VersionAB \
 *       OLD_LIBRARY NEW_LIBRARY CIRCLE,SUPCON 512x128,1024x512 10 60
 * </pre>
 * (a library is a jar or a classes directory; CALLS per block at 512×128 and below, a fifth of it at 1024×512.)
 */
public final class VersionAB {
    private VersionAB() {
    }

    public static void main(String[] args) throws Exception {
        ClassLoader oldBuild = build(args[0]);
        ClassLoader newBuild = build(args[1]);
        int rounds = Integer.parseInt(args[4]);
        int calls = Integer.parseInt(args[5]);
        for (String loss : args[2].split(",")) {
            for (String shape : args[3].split(",")) {
                int n = shape.equals("1024x512") ? Math.max(5, calls / 5) : calls;
                LongSupplier a = call(oldBuild, loss, shape);
                LongSupplier b = call(newBuild, loss, shape);
                for (int i = 0; i < 3 * n; i++) {       // warm-up: JIT and the workspace's learning loop, both builds
                    a.getAsLong();
                    b.getAsLong();
                }
                System.out.println(compare(loss, shape, a, b, rounds, n));
            }
        }
    }

    private static String compare(String loss, String shape, LongSupplier a, LongSupplier b, int rounds, int n) {
        double[] oldMs = new double[rounds];
        double[] newMs = new double[rounds];
        double[] logRatios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] ta = new double[n];
            double[] tb = new double[n];
            for (int i = 0; i < n; i++) {
                if (r % 2 == 0) {
                    ta[i] = a.getAsLong() / 1e6;
                    tb[i] = b.getAsLong() / 1e6;
                } else {
                    tb[i] = b.getAsLong() / 1e6;
                    ta[i] = a.getAsLong() / 1e6;
                }
            }
            oldMs[r] = Stats.median(ta);
            newMs[r] = Stats.median(tb);
            logRatios[r] = Math.log(newMs[r] / oldMs[r]);
        }
        double[] interval = Stats.geometricMeanInterval(logRatios);
        return String.format(Locale.ROOT, "%-24s %-9s old %8.2f ms  new %8.2f ms  new/old median %.3f  geometric mean %.3f "
                        + "[%.3f-%.3f]  rounds %d x %d calls", loss, shape, Stats.median(oldMs), Stats.median(newMs),
                Math.exp(Stats.median(logRatios)), interval[0], interval[1], interval[2], rounds, n);
    }

    private static LongSupplier call(ClassLoader build, String loss, String shape) throws Exception {
        // by name: this class's own loader never loads LossCall (nor the library it calls)
        return (LongSupplier) build.loadClass("io.github.dl4jlosses.benchmarks.LossCall")
                .getConstructor(String.class, String.class).newInstance(loss, shape);
    }

    /** The library at {@code path} with these benchmarks' classes, loaded apart from the parent's. */
    private static ClassLoader build(String path) throws MalformedURLException {
        URL library = new File(path).toURI().toURL();
        URL benchmarks = VersionAB.class.getProtectionDomain().getCodeSource().getLocation();
        return new ChildFirst(new URL[]{library, benchmarks}, VersionAB.class.getClassLoader());
    }

    /** Loads the library's and the benchmarks' classes itself (all but this class), everything else from its parent. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.github.dl4jlosses.") || name.startsWith(VersionAB.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
