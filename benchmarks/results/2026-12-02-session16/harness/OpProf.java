import io.github.dl4jlosses.benchmarks.*;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.common.primitives.Pair;
public class OpProf {
  public static void main(String[] a) {
    LossCase c = LossCase.valueOf(a[0]);
    BenchInputs in = c.family.create(BenchShape.parse(a[1]), DataType.FLOAT, 42);
    ILossFunction fn = c.create();
    ActivationIdentity id = new ActivationIdentity();
    int n = Integer.parseInt(a[2]);
    for (int i = 0; i < 100; i++) try (MemoryWorkspace w = Workspaces.open()) { fn.computeGradientAndScore(in.labels, in.preOutput, id, null, true); }
    long s = System.nanoTime();
    for (int i = 0; i < n; i++) try (MemoryWorkspace w = Workspaces.open()) { fn.computeGradientAndScore(in.labels, in.preOutput, id, null, true); }
    System.out.printf("plain: %.3f ms/call%n", (System.nanoTime() - s) / 1e6 / n);
    Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
    OpProfiler.getInstance().reset();
    s = System.nanoTime();
    for (int i = 0; i < n; i++) try (MemoryWorkspace w = Workspaces.open()) { fn.computeGradientAndScore(in.labels, in.preOutput, id, null, true); }
    System.out.printf("profiled: %.3f ms/call%n", (System.nanoTime() - s) / 1e6 / n);
    OpProfiler.getInstance().printOutDashboard();
  }
}
