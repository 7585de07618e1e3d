import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

public class DenseBench {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), k = Integer.parseInt(a[1]), m = Integer.parseInt(a[2]);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, k), w = Nd4j.rand(DataType.FLOAT, k, m), out = Nd4j.create(DataType.FLOAT, n, m);
        System.out.printf("[%d,%d]x[%d,%d]: mmuli %.3f | gemm %.3f ms%n", n, k, k, m,
            ConvBench.time(() -> x.mmuli(w, out)), ConvBench.time(() -> Nd4j.gemm(x, w, out, false, false, 1.0, 0.0)));
    }
}
