import io.github.dl4jlosses.benchmarks.*;
import io.github.dl4jlosses.graph.*;
import io.github.dl4jlosses.graph.pooling.*;
import io.github.dl4jlosses.loss.*;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** Paired turns in one JVM: the builders' graph (Libnd4jSubsamplingLayer) against the same graph with DL4J's SubsamplingLayer. */
public class PoolAB {
    static ComputationGraph make(boolean triplet, boolean dl4jPooling) {
        ComputationGraphConfiguration conf = triplet
            ? TripletGraph.builder().tower(SmallCnn.tower()).loss(new LossTriplet()).updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build()
            : SiameseGraph.builder().tower(SmallCnn.tower()).loss(new LossContrastive()).updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build();
        int n = 0;
        if (dl4jPooling) for (var v : conf.getVertices().values()) {
            if (v instanceof LayerVertex && ((LayerVertex) v).getLayerConf().getLayer() instanceof Libnd4jSubsamplingLayer) {
                SubsamplingLayer ours = (SubsamplingLayer) ((LayerVertex) v).getLayerConf().getLayer();
                SubsamplingLayer plain = new SubsamplingLayer.Builder(ours.getPoolingType()).kernelSize(ours.getKernelSize()).stride(ours.getStride()).build();
                plain.setConvolutionMode(ours.getConvolutionMode()); plain.setLayerName(ours.getLayerName());
                if (!plain.equals(ours)) throw new IllegalStateException("not the same pooling");
                ((LayerVertex) v).getLayerConf().setLayer(plain); n++;
            }
        }
        if (dl4jPooling && n != 2) throw new IllegalStateException("replaced " + n);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
    static double turn(ComputationGraph g, MultiDataSet ds, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) { long s = System.nanoTime(); g.fit(ds); t[i] = System.nanoTime() - s; }
        java.util.Arrays.sort(t); return t[n / 2] / 1e6;
    }
    public static void main(String[] a) {
        boolean triplet = a[0].equals("triplet");
        int rounds = Integer.parseInt(a[1]);
        int B = 64, br = triplet ? 3 : 2;
        Nd4j.getRandom().setSeed(1);
        INDArray[] x = new INDArray[br];
        for (int i = 0; i < br; i++) x[i] = Nd4j.rand(DataType.FLOAT, B, 1, 28, 28);
        INDArray lab = triplet ? Nd4j.zeros(DataType.FLOAT, B, 1) : Nd4j.rand(DataType.FLOAT, B, 1).gt(0.5).castTo(DataType.FLOAT);
        MultiDataSet ds = new MultiDataSet(x, new INDArray[]{lab});
        ComputationGraph dl4j = make(triplet, true), ours = make(triplet, false);
        for (int i = 0; i < 5; i++) { dl4j.fit(ds); ours.fit(ds); }
        System.out.println("# " + a[0] + ": same parameters after 5 steps: " + dl4j.params().equalsWithEps(ours.params(), 1e-5));
        for (int i = 0; i < 20; i++) { dl4j.fit(ds); ours.fit(ds); }
        double[] r = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            double td = turn(dl4j, ds, 9), to = turn(ours, ds, 9);
            r[i] = to / td;
            System.out.printf("round %d: DL4J pooling %.1f ms, Libnd4jSubsamplingLayer %.1f ms, ratio %.3f%n", i, td, to, r[i]);
        }
        java.util.Arrays.sort(r);
        double lg = 0; for (double v : r) lg += Math.log(v);
        System.out.printf("# %s: median ratio %.3f, geometric mean %.3f, range [%.3f-%.3f], %d rounds of 9 steps each side%n", a[0], r[rounds / 2], Math.exp(lg / rounds), r[0], r[rounds - 1], rounds);
    }
}
