import java.io.File;
import java.lang.reflect.*;
import java.net.*;
import java.util.*;

/** A/B of whole loss calls: each variant's dl4j-losses classes in its own class loader, ND4J shared; rounds alternate. */
public class AB {
    public static void main(String[] a) throws Exception {
        // args: losses shapes rounds variant=path...
        String[] losses = a[0].split(","); String[] shapes = a[1].split(","); int rounds = Integer.parseInt(a[2]);
        List<String> names = new ArrayList<>(); List<Object> runners = new ArrayList<>();
        for (int i = 3; i < a.length; i++) {
            String[] kv = a[i].split("=", 2);
            URL[] urls = {new File(kv[1]).toURI().toURL(), new File("/tmp/ps/benchclasses/").toURI().toURL(), new File("/tmp/ps/runner/").toURI().toURL()};
            ClassLoader cl = new URLClassLoader(urls, AB.class.getClassLoader());
            names.add(kv[0]);
            runners.add(cl.loadClass("Runner").getConstructor().newInstance());
        }
        Method time = runners.get(0).getClass().getMethod("time", String.class, String.class, int.class);
        Map<String, List<Double>> t = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++)
            for (String l : losses) for (String s : shapes)
                for (int v = 0; v < runners.size(); v++) {
                    int vv = (r % 2 == 0) ? v : runners.size() - 1 - v;   // alternate the order
                    Object run = runners.get(vv);
                    double ms = (double) run.getClass().getMethod("time", String.class, String.class, int.class).invoke(run, l, s, 3);
                    if (r >= 3) t.computeIfAbsent(l + " " + s + " " + names.get(vv), k -> new ArrayList<>()).add(ms);
                }
        for (String l : losses) for (String s : shapes) {
            StringBuilder sb = new StringBuilder(String.format("%-20s %-9s", l, s));
            double base = 0;
            for (int v = 0; v < names.size(); v++) {
                List<Double> x = t.get(l + " " + s + " " + names.get(v)); Collections.sort(x);
                double med = x.get(x.size() / 2);
                if (v == 0) base = med;
                sb.append(String.format("  %s %.2f ms [%.2f-%.2f]", names.get(v), med, x.get(x.size() / 4), x.get(3 * x.size() / 4)));
                if (v > 0) sb.append(String.format(" (%.2fx)", med / base));
            }
            System.out.println(sb);
        }
    }
}
