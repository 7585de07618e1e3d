import io.github.dl4jlosses.benchmarks.*;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.common.primitives.Pair;
/** One loss + gradient call of a LossCase, loaded once per build by ABJ's child-first class loaders. */
public class Runner implements Runnable {
  final ILossFunction fn; final BenchInputs in; final boolean ws; final ActivationIdentity id = new ActivationIdentity();
  public Runner(String loss, String shape, String mode) {
    LossCase c = LossCase.valueOf(loss);
    in = c.family.create(BenchShape.parse(shape), DataType.FLOAT, 42);
    fn = c.create(); ws = mode.equals("ws");
  }
  public void run() {
    if (ws) { try (MemoryWorkspace w = Workspaces.open()) { fn.computeGradientAndScore(in.labels, in.preOutput, id, null, true); } }
    else { Pair<Double, INDArray> r = fn.computeGradientAndScore(in.labels, in.preOutput, id, null, true); r.getSecond().close(); }
  }
}
