import io.github.dl4jlosses.benchmarks.*;
import io.github.dl4jlosses.graph.*;
import io.github.dl4jlosses.graph.conv.*;
import io.github.dl4jlosses.loss.*;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** Paired turns in one JVM: the builders' graph (TowerConvolutionLayer) against the same graph with DL4J's ConvolutionLayer. */
public class ConvAB {
    static ComputationGraph make(boolean triplet, boolean dl4jConv) {
        ComputationGraphConfiguration conf = triplet
            ? TripletGraph.builder().tower(SmallCnn.tower()).loss(new LossTriplet()).updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build()
            : SiameseGraph.builder().tower(SmallCnn.tower()).loss(new LossContrastive()).updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build();
        int n = 0;
        if (dl4jConv) for (var v : conf.getVertices().values()) {
            if (v instanceof LayerVertex && ((LayerVertex) v).getLayerConf().getLayer() instanceof TowerConvolutionLayer) {
                TowerConvolutionLayer ours = (TowerConvolutionLayer) ((LayerVertex) v).getLayerConf().getLayer();
                ConvolutionLayer plain = LayerFields.copy(ConvolutionLayer.class, ours.clone(), new ConvolutionLayer());
                ((LayerVertex) v).getLayerConf().setLayer(plain); n++;
            }
        }
        if (dl4jConv && n != 2) throw new IllegalStateException("replaced " + n);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
    /** As session 12's PoolAB (compile with ../2026-12-02-session12/PoolAB.java): paired turns of 9 steps. */
    public static void main(String[] a) {
        boolean triplet = a[0].equals("triplet");
        int rounds = Integer.parseInt(a[1]), br = triplet ? 3 : 2;
        Nd4j.getRandom().setSeed(1);
        INDArray[] x = new INDArray[br];
        for (int i = 0; i < br; i++) x[i] = Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28);
        INDArray lab = triplet ? Nd4j.zeros(DataType.FLOAT, 64, 1) : Nd4j.rand(DataType.FLOAT, 64, 1).gt(0.5).castTo(DataType.FLOAT);
        MultiDataSet ds = new MultiDataSet(x, new INDArray[]{lab});
        ComputationGraph dl4j = make(triplet, true), ours = make(triplet, false);
        System.out.println("# params equal at start " + dl4j.params().equals(ours.params()));
        for (int i = 0; i < 5; i++) { dl4j.fit(ds); ours.fit(ds); }
        System.out.println("# " + a[0] + ": parameters after 5 steps max abs diff: " + dl4j.params().sub(ours.params()).amaxNumber()
                + " max abs param " + dl4j.params().amaxNumber());
        for (int i = 0; i < 20; i++) { dl4j.fit(ds); ours.fit(ds); }
        double[] r = new double[rounds];
        double logSum = 0;
        for (int i = 0; i < rounds; i++) {
            double td = PoolAB.turn(dl4j, ds, 9), to = PoolAB.turn(ours, ds, 9);
            r[i] = to / td;
            logSum += Math.log(r[i]);
            System.out.printf("round %d: DL4J conv %.1f ms, TowerConvolutionLayer %.1f ms, ratio %.3f%n", i, td, to, r[i]);
        }
        java.util.Arrays.sort(r);
        System.out.printf("# %s: median ratio %.3f, geometric mean %.3f, range [%.3f-%.3f], %d rounds of 9 steps each side%n",
                a[0], r[rounds / 2], Math.exp(logSum / rounds), r[0], r[rounds - 1], rounds);
    }
}
