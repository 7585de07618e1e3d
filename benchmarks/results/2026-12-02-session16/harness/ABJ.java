import java.net.*;
import java.nio.file.*;
import java.util.*;
/**
 * In-JVM interleaved A/B of two builds of the library: each build's io.github.dl4jlosses classes (and Runner) load in
 * their own child-first class loader over one shared ND4J. args: loss shape mode rounds calls; env A and B = the two
 * builds' "dl4j-losses jar:benchmarks classes" paths. Prints per round the median ms of A, B and B/A.
 */
public class ABJ {
  static class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] u, ClassLoader p) { super(u, p); }
    protected Class<?> loadClass(String n, boolean r) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(n)) {
        if (n.startsWith("io.github.dl4jlosses") || n.equals("Runner")) {
          Class<?> c = findLoadedClass(n); if (c == null) c = findClass(n); if (r) resolveClass(c); return c;
        }
        return super.loadClass(n, r);
      }
    }
  }
  static Runnable make(String paths, String[] a) throws Exception {
    List<URL> u = new ArrayList<>(); for (String p : paths.split(":")) u.add(Paths.get(p).toUri().toURL());
    u.add(Paths.get("/tmp/s15/runner/").toUri().toURL());
    ClassLoader cl = new ChildFirst(u.toArray(new URL[0]), ABJ.class.getClassLoader());
    return (Runnable) cl.loadClass("Runner").getConstructor(String.class, String.class, String.class).newInstance(a[0], a[1], a[2]);
  }
  static final boolean CPU = System.getenv("CPU") != null; static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
  static long now() { return CPU ? MX.getCurrentThreadCpuTime() : System.nanoTime(); }
  static double median(Runnable r, int n) { double[] t = new double[n]; for (int i = 0; i < n; i++) { long s = now(); r.run(); t[i] = (now() - s) / 1e6; } Arrays.sort(t); return t[n / 2]; }
  public static void main(String[] a) throws Exception {
    Runnable A = make(System.getenv("A"), a), B = make(System.getenv("B"), a);
    int rounds = Integer.parseInt(a[3]), n = Integer.parseInt(a[4]);
    median(A, n); median(B, n); median(A, n); median(B, n);
    List<Double> ratios = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      double ta, tb;
      if (r % 2 == 0) { ta = median(A, n); tb = median(B, n); } else { tb = median(B, n); ta = median(A, n); }
      ratios.add(tb / ta);
      System.out.printf("%s %s %s round %d A %.3f B %.3f B/A %.3f%n", a[0], a[1], a[2], r, ta, tb, tb / ta);
    }
    double g = 0; for (double x : ratios) g += Math.log(x); g = Math.exp(g / ratios.size());
    Collections.sort(ratios);
    System.out.printf("SUMMARY %s %s %s B/A median %.3f geomean %.3f range %.3f–%.3f%n", a[0], a[1], a[2], ratios.get(ratios.size() / 2), g, ratios.get(0), ratios.get(ratios.size() - 1));
  }
}
