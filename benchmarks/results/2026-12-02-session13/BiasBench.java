import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

public class BiasBench {
    public static void main(String[] a) {
        int o = 16; long m = 128L * 24 * 24;
        INDArray d = Nd4j.rand(DataType.FLOAT, o, m), ones = Nd4j.ones(DataType.FLOAT, m, 1), out = Nd4j.create(DataType.FLOAT, o, 1);
        INDArray onesRow = Nd4j.ones(DataType.FLOAT, 1, m), outRow = Nd4j.create(DataType.FLOAT, 1, o);
        System.out.printf("mmul %.2f | gemm %.2f | gemm ones^T d^T (row result) %.2f | sum(1) %.2f ms%n",
            ConvBench.time(() -> d.mmul(ones)), ConvBench.time(() -> Nd4j.gemm(d, ones, out, false, false, 1.0, 0.0)),
            ConvBench.time(() -> Nd4j.gemm(onesRow, d, outRow, false, true, 1.0, 0.0)), ConvBench.time(() -> d.sum(1)));
        System.out.println(d.mmul(ones).equalsWithEps(out, 1e-1) + " " + out.reshape(o).equalsWithEps(outRow.reshape(o), 1e-1));
    }
}
