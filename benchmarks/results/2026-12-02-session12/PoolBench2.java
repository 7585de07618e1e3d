import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

public class PoolBench2 {
    static double time(Runnable r) {
        for (int i = 0; i < 30; i++) r.run();
        long[] t = new long[60];
        for (int i = 0; i < t.length; i++) { long s = System.nanoTime(); r.run(); t[i] = System.nanoTime() - s; }
        java.util.Arrays.sort(t); return t[t.length / 2] / 1e6;
    }
    static void run(String name, INDArray[] in, INDArray out, boolean helpers) {
        OpContext ctx = Nd4j.getExecutioner().buildContext();
        ctx.setIArguments(2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0);
        ctx.allowHelpers(helpers);
        for (int i = 0; i < in.length; i++) ctx.setInputArray(i, in[i]);
        ctx.setOutputArray(0, out);
        DynamicCustomOp op = DynamicCustomOp.builder(name).build();
        Nd4j.exec(op, ctx);
    }
    public static void main(String[] a) {
        long[] shape = {Long.parseLong(a[0]), Long.parseLong(a[1]), Long.parseLong(a[2]), Long.parseLong(a[2])};
        INDArray x = Nd4j.rand(DataType.FLOAT, shape);
        INDArray y1 = Nd4j.create(DataType.FLOAT, shape[0], shape[1], shape[2] / 2, shape[3] / 2), y2 = y1.ulike();
        INDArray eps = Nd4j.rand(DataType.FLOAT, y1.shape());
        INDArray g1 = x.ulike(), g2 = x.ulike();
        run("maxpool2d", new INDArray[]{x}, y1, true); run("maxpool2d", new INDArray[]{x}, y2, false);
        run("maxpool2d_bp", new INDArray[]{x, eps}, g1, true); run("maxpool2d_bp", new INDArray[]{x, eps}, g2, false);
        System.out.println("same fwd " + y1.equals(y2) + " same bp " + g1.equals(g2));
        System.out.printf("%s fwd oneDNN %.3f own %.3f | bp oneDNN %.3f own %.3f ms%n", java.util.Arrays.toString(shape),
                time(() -> run("maxpool2d", new INDArray[]{x}, y1, true)), time(() -> run("maxpool2d", new INDArray[]{x}, y2, false)),
                time(() -> run("maxpool2d_bp", new INDArray[]{x, eps}, g1, true)), time(() -> run("maxpool2d_bp", new INDArray[]{x, eps}, g2, false)));
    }
}
