import io.github.dl4jlosses.benchmarks.*;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.common.primitives.Pair;
import java.util.Arrays;
/**
 * One loss + gradient call timed in a loop (session 14's scratch harness for in-JVM A/B runs, see ab.sh): a LossCase of
 * the benchmarks module at a shape, inside a training-like workspace ("ws") or with none open and the gradient closed
 * ("nows"); prints the median (and 10th/90th percentiles) of the last two thirds of the calls, in ms.
 *   java -cp "<dir>:benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" Prof BATCH_TRIPLET_HARD 512x128 ws 200
 */
public class Prof {
  public static void main(String[] a) {
    LossCase c = LossCase.valueOf(a[0]);
    BenchInputs in = c.family.create(BenchShape.parse(a[1]), DataType.FLOAT, 42);
    boolean ws = a[2].equals("ws");
    int n = Integer.parseInt(a[3]);
    ILossFunction fn = c.create();
    ActivationIdentity id = new ActivationIdentity();
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      if (ws) {
        try (MemoryWorkspace w = Workspaces.open()) {
          Pair<Double, INDArray> r = fn.computeGradientAndScore(in.labels, in.preOutput, id, null, true);
        }
      } else {
        Pair<Double, INDArray> r = fn.computeGradientAndScore(in.labels, in.preOutput, id, null, true);
        r.getSecond().close();
      }
      t[i] = (System.nanoTime() - s) / 1e6;
    }
    double[] last = Arrays.copyOfRange(t, n / 3, n); Arrays.sort(last);
    System.out.printf("%s %s %s median %.3f ms p10 %.3f p90 %.3f%n", a[0], a[1], a[2], last[last.length/2], last[last.length/10], last[last.length*9/10]);
  }
}
