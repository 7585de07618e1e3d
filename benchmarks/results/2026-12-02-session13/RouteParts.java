import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

public class RouteParts {
    public static void main(String[] a) {
        int n = 128, o = 16, h = 28, oh = 24, k = 5;
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, h, h), delta = Nd4j.rand(DataType.FLOAT, n, o, oh, oh);
        INDArray dT = Nd4j.create(DataType.FLOAT, o, n, oh, oh), out = Nd4j.create(DataType.FLOAT, 1, o, k, k);
        INDArray ones = Nd4j.create(DataType.FLOAT, (long) n * oh * oh, 1), sums = Nd4j.create(DataType.FLOAT, o, 1);
        INDArray xR = x.reshape('c', 1, n, h, h);
        Runnable perm3 = () -> dT.reshape('c', o, n, oh * oh).assign(delta.reshape('c', n, o, oh * oh).permute(1, 0, 2));
        Runnable perm4 = () -> dT.assign(delta.permute(1, 0, 2, 3));
        Runnable conv = () -> Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(xR, dT).addOutputs(out)
                .addIntegerArguments(oh, oh, 1, 1, 0, 0, 1, 1, 0, 0, 1).build());
        Runnable onesFill = () -> ones.assign(1);
        Runnable gemm = () -> Nd4j.gemm(dT.reshape('c', o, (long) n * oh * oh), ones, sums, false, false, 1.0, 0.0);
        System.out.printf("perm3 %.2f perm4 %.2f conv %.2f ones %.2f gemm %.2f ms%n", ConvBench.time(perm3), ConvBench.time(perm4),
                ConvBench.time(conv), ConvBench.time(onesFill), ConvBench.time(gemm));
    }
}
