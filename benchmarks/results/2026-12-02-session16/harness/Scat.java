import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.*;
import io.github.dl4jlosses.mining.Selection;
import java.util.*;
import java.util.function.Supplier;
public class Scat {
  static final boolean CPU = System.getenv("CPU") != null; static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
  static long now() { return CPU ? MX.getCurrentThreadCpuTime() : System.nanoTime(); }
  static double time(Supplier<Object> f) {
    WorkspaceConfiguration c = WorkspaceConfiguration.builder().initialSize(0).policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.STRICT).overallocationLimit(0.2).build();
    double[] t = new double[200];
    for (int i = 0; i < 200; i++) { long s = now(); try (MemoryWorkspace w = Nd4j.getWorkspaceManager().getAndActivateWorkspace(c, "M")) { f.get(); } t[i] = (now()-s)/1e3; }
    double[] l = Arrays.copyOfRange(t, 50, 200); Arrays.sort(l); return l[75];
  }
  public static void main(String[] a) {
    for (String sh : new String[]{"512x128", "1024x512"}) {
      int n = Integer.parseInt(sh.split("x")[0]), d = Integer.parseInt(sh.split("x")[1]);
      Random r = new Random(1); int[] idx = new int[n]; for (int i = 0; i < n; i++) { int j = r.nextInt(n - 1); idx[i] = j >= i ? j + 1 : j; }
      INDArray index = Nd4j.createFromArray(idx).castTo(DataType.LONG).reshape(n, 1);
      INDArray gNeg = Nd4j.rand(DataType.FLOAT, n, d), gPos = Nd4j.rand(DataType.FLOAT, n, d);
      INDArray oh = Selection.oneHot(index, n, DataType.FLOAT);
      INDArray viaGemm = Nd4j.gemm(oh, gNeg, gPos.dup(), true, false, 1.0, 1.0);
      INDArray viaScatter = gPos.dup();
      Nd4j.exec(DynamicCustomOp.builder("scatter_add").addInputs(viaScatter, Nd4j.createFromArray(idx), gNeg).addOutputs(viaScatter).addBooleanArguments(true, false).build());
      System.out.println(sh + " equal: " + viaGemm.equalsWithEps(viaScatter, 1e-4));
      for (int k = 0; k < 2; k++) {
        System.out.printf("%s oneHot+gemm %.0f us%n", sh, time(() -> { INDArray p = Selection.oneHot(index, n, DataType.FLOAT); return Nd4j.gemm(p, gNeg, gPos.dup(), true, false, 1.0, 1.0); }));
        System.out.printf("%s scatter_add locked %.0f us%n", sh, time(() -> { INDArray g = gPos.dup(); int[] h = index.toIntVector(); Nd4j.exec(DynamicCustomOp.builder("scatter_add").addInputs(g, Nd4j.createFromArray(h), gNeg).addOutputs(g).addBooleanArguments(true, false).build()); return g; }));
        System.out.printf("%s scatter_add unlocked %.0f us%n", sh, time(() -> { INDArray g = gPos.dup(); int[] h = index.toIntVector(); Nd4j.exec(DynamicCustomOp.builder("scatter_add").addInputs(g, Nd4j.createFromArray(h), gNeg).addOutputs(g).addBooleanArguments(false, false).build()); return g; }));
        System.out.printf("%s dup only %.0f us%n", sh, time(() -> gPos.dup()));
      }
    }
  }
}
