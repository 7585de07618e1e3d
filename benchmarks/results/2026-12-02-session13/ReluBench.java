import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

public class ReluBench {
    public static void main(String[] a) {
        long[] s = {Long.parseLong(a[0]), Long.parseLong(a[1]), Long.parseLong(a[2]), Long.parseLong(a[2])};
        INDArray g = Nd4j.rand(DataType.FLOAT, s), z = Nd4j.rand(DataType.FLOAT, s).subi(0.5);
        INDArray d1 = g.ulike(), d2 = g.ulike(), d3 = g.ulike(), d4 = g.ulike();
        System.out.printf("%s: RectifiedLinearDerivative %.2f%n", java.util.Arrays.toString(s), ConvBench.time(() -> Nd4j.exec(new RectifiedLinearDerivative(z, g, d1))));
        System.out.printf("relu_bp custom %.2f%n", ConvBench.time(() -> Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(z, g).addOutputs(d2).addFloatingPointArguments(0.0).build())));
        System.out.printf("step then mul %.2f%n", ConvBench.time(() -> { Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.Step(z, d3)); d3.muli(g); }));
        System.out.printf("plain mul (reference pass) %.2f%n", ConvBench.time(() -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp(z, g, d4))));
        System.out.printf("assign copy %.2f%n", ConvBench.time(() -> d4.assign(g)));
        INDArray zp = Transforms.abs(z);
        System.out.printf("RLD all positive %.2f%n", ConvBench.time(() -> Nd4j.exec(new RectifiedLinearDerivative(zp, g, d1))));
        System.out.printf("relu fwd %.2f%n", ConvBench.time(() -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.same.Abs(z, d4))));
        System.out.printf("sign %.2f%n", ConvBench.time(() -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.same.Sign(z, d4))));
        System.out.printf("scalar max %.2f%n", ConvBench.time(() -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.ScalarMax(z, null, d4, 0.0))));
        System.out.printf("gt bool %.2f%n", ConvBench.time(() -> z.gt(0.0)));
        Nd4j.exec(new RectifiedLinearDerivative(z, g, d1));
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.Step(z, d3)); d3.muli(g);
        System.out.println("same " + d1.equals(d2) + " " + d1.equals(d3));
    }
}
