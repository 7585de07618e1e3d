import io.github.dl4jlosses.benchmarks.Workspaces;
import io.github.dl4jlosses.ops.Rows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The kernels the losses are made of, one ND4J call each inside a training-like workspace, FLOAT, at the two shapes of
 * issue 15 (B×B matrices from B×D embeddings): median µs of 400 calls after 100. primitives.py times the same in
 * PyTorch. Scratch harness (session 14): compile and run against the benchmarks module's classpath, e.g.
 * <pre>
 *   CP=benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)
 *   javac -cp "$CP" -d /tmp/prim Primitives.java && java -cp "/tmp/prim:$CP" Primitives
 * </pre>
 */
public class Primitives {
    static void time(String shape, String name, Runnable r) {
        int n = 500;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            try (MemoryWorkspace ignored = Workspaces.open()) {
                r.run();
            }
            t[i] = (System.nanoTime() - s) / 1e3;
        }
        double[] kept = Arrays.copyOfRange(t, 100, n);
        Arrays.sort(kept);
        System.out.printf("%s\t%s\t%.1f%n", shape, name, kept[kept.length / 2]);
    }

    public static void main(String[] args) {
        Nd4j.getRandom().setSeed(1);
        for (int[] bd : new int[][]{{512, 128}, {1024, 512}}) {
            int b = bd[0];
            String shape = b + "x" + bd[1];
            INDArray x = Nd4j.randn(DataType.FLOAT, b, bd[1]);
            INDArray y = Nd4j.randn(DataType.FLOAT, b, bd[1]);
            INDArray g = Nd4j.rand(DataType.FLOAT, b, b);
            INDArray column = Nd4j.rand(DataType.FLOAT, b, 1);
            time(shape, "gemm [B,D]x[D,B]", () -> Nd4j.gemm(x, y, false, true));
            time(shape, "gemm [B,B]x[B,D]", () -> Nd4j.gemm(g, x, false, false));
            time(shape, "exp [B,B]", () -> Transforms.exp(g, true));
            time(shape, "row sums [B,B]", () -> g.sum(true, 1));
            time(shape, "row sums [B,B], Rows.sums (BLAS)", () -> Rows.sums(g));
            time(shape, "column sums [B,B]", () -> g.sum(true, 0));
            time(shape, "column sums [B,B], Rows.columnSums (BLAS)", () -> Rows.columnSums(g));
            time(shape, "row max [B,B]", () -> g.max(true, 1));
            time(shape, "sum of all [B,B]", () -> g.sumNumber());
            time(shape, "add [B,B]+[B,B]", () -> g.add(g));
            time(shape, "add [B,B]+[B,B]^T", () -> g.add(g.transpose()));
            time(shape, "broadcast multiply [B,B]*[B,1]", () -> g.mulColumnVector(column));
            time(shape, "scalar add on [B,1]", () -> column.add(1.0));
        }
    }
}
