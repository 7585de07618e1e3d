import io.github.dl4jlosses.benchmarks.*;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import java.util.*;

public class Runner {
    private final Map<String, ILossFunction> fns = new HashMap<>();
    private final Map<String, BenchInputs> ins = new HashMap<>();
    private final ActivationIdentity id = new ActivationIdentity();
    /** Mean ms of n calls (after one unmeasured call) in the benchmark workspace. */
    public double time(String loss, String shape, int n) {
        String k = loss + shape;
        ILossFunction fn = fns.computeIfAbsent(k, x -> LossCase.valueOf(loss).create());
        BenchInputs in = ins.computeIfAbsent(k, x -> LossCase.valueOf(loss).family.create(BenchShape.parse(shape), DataType.FLOAT, 42));
        try (MemoryWorkspace ws = Workspaces.open()) { fn.computeGradientAndScore(in.labels, in.preOutput, id, null, true); }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++)
            try (MemoryWorkspace ws = Workspaces.open()) { fn.computeGradientAndScore(in.labels, in.preOutput, id, null, true); }
        return (System.nanoTime() - t0) / 1e6 / n;
    }
}
