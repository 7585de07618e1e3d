import io.github.dl4jlosses.benchmarks.*;
import io.github.dl4jlosses.graph.*;
import io.github.dl4jlosses.graph.conv.*;
import io.github.dl4jlosses.loss.*;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Paired turns in one JVM: the builders' graph against the same graph with DL4J's ConvolutionLayer in place of each
 * TowerConvolutionLayer ({@code ConvAB siamese|triplet ROUNDS}), or with ConvAB siamese|triplet ROUNDS dense, DL4J's
 * DenseLayer in place of each TowerDenseLayer ({@code ... dense mlp}: with a dense tower instead of the CNN). The dense
 * modes need the tried (not kept) TowerDenseLayer: git apply tried-dense.patch first.
 */
public class ConvAB {
    static boolean undoDense;
    /** "mlp": a dense tower on flat 28×28 rows (784→256→128→32, ReLU) instead of the small CNN. */
    static boolean mlp;

    @SuppressWarnings({"unchecked", "rawtypes"})
    static org.deeplearning4j.nn.conf.layers.Layer plainCopy(org.deeplearning4j.nn.conf.layers.Layer ours) {
        try {
            Class dl4j = ours.getClass().getSuperclass();
            return (org.deeplearning4j.nn.conf.layers.Layer) LayerFields.copy(dl4j, ours.clone(), dl4j.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Tower tower() {
        if (!mlp) return SmallCnn.tower();
        return Tower.of(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(784),
                new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(256).activation(org.nd4j.linalg.activations.Activation.RELU).build(),
                new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(128).activation(org.nd4j.linalg.activations.Activation.RELU).build(),
                new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(32).activation(org.nd4j.linalg.activations.Activation.IDENTITY).build());
    }

    static ComputationGraph make(boolean triplet, boolean dl4jConv) {
        ComputationGraphConfiguration conf = triplet
            ? TripletGraph.builder().tower(tower()).loss(new LossTriplet()).updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build()
            : SiameseGraph.builder().tower(tower()).loss(new LossContrastive()).updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build();
        // every builders' layer of the kind undone back into DL4J's class it extends, with the same options
        String undo = undoDense ? "TowerDenseLayer" : "TowerConvolutionLayer";
        int n = 0;
        if (dl4jConv) for (var v : conf.getVertices().values()) {
            if (!(v instanceof LayerVertex)) continue;
            org.deeplearning4j.nn.conf.layers.Layer ours = ((LayerVertex) v).getLayerConf().getLayer();
            if (!ours.getClass().getSimpleName().equals(undo)) continue;
            ((LayerVertex) v).getLayerConf().setLayer(plainCopy(ours));
            n++;
        }
        if (dl4jConv && n != (mlp ? 3 : 2)) throw new IllegalStateException("replaced " + n);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
    /** As session 12's PoolAB (compile with ../2026-12-02-session12/PoolAB.java): paired turns of 9 steps. */
    public static void main(String[] a) {
        boolean triplet = a[0].equals("triplet");
        int rounds = Integer.parseInt(a[1]), br = triplet ? 3 : 2;
        undoDense = a.length > 2 && a[2].equals("dense");
        mlp = a.length > 3 && a[3].equals("mlp");
        Nd4j.getRandom().setSeed(1);
        INDArray[] x = new INDArray[br];
        for (int i = 0; i < br; i++) x[i] = mlp ? Nd4j.rand(DataType.FLOAT, 64, 784) : Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28);
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
            System.out.printf("round %d: DL4J %s %.1f ms, builders' %.1f ms, ratio %.3f%n", i, undoDense ? "dense" : "conv", td, to, r[i]);
        }
        java.util.Arrays.sort(r);
        System.out.printf("# %s: median ratio %.3f, geometric mean %.3f, range [%.3f-%.3f], %d rounds of 9 steps each side%n",
                a[0], r[rounds / 2], Math.exp(logSum / rounds), r[0], r[rounds - 1], rounds);
    }
}
