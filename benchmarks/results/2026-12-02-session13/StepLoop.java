import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** StepLoop siamese|triplet N: N steps of the builders' graph (for JFR). */
public class StepLoop {
    public static void main(String[] a) {
        boolean triplet = a[0].equals("triplet");
        ComputationGraph g = ConvAB.make(triplet, a.length > 2 && a[2].equals("dl4j"));
        int B = 64, br = triplet ? 3 : 2;
        INDArray[] x = new INDArray[br];
        for (int i = 0; i < br; i++) x[i] = Nd4j.rand(DataType.FLOAT, B, 1, 28, 28);
        INDArray lab = triplet ? Nd4j.zeros(DataType.FLOAT, B, 1) : Nd4j.rand(DataType.FLOAT, B, 1).gt(0.5).castTo(DataType.FLOAT);
        MultiDataSet ds = new MultiDataSet(x, new INDArray[]{lab});
        for (int i = 0; i < 30; i++) g.fit(ds);
        long s = System.nanoTime();
        int n = Integer.parseInt(a[1]);
        for (int i = 0; i < n; i++) g.fit(ds);
        System.out.printf("%.1f ms/step%n", (System.nanoTime() - s) / 1e6 / n);
    }
}
