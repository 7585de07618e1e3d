package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.graph.OneDnnLayers;
import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.TripletGraph;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.samediff.SDLossOutput;
import io.github.dl4jlosses.samediff.SDTower;
import io.github.dl4jlosses.samediff.SameDiffRankingLoss;
import io.github.dl4jlosses.samediff.SameDiffTwins;
import io.github.dl4jlosses.samediff.SharedTowerModel;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The levers of issue #15 on the training step of {@link GraphStepBenchmark} (SGD 0.01, FLOAT, batch 64 tuples,
 * {@link SmallCnn} tower): every {@link Lever} but {@link Lever#DEFAULT} changes one thing against the graph the
 * builders make, so that one JMH run times them all side by side. {@link #step} is one training iteration,
 * {@link #inference} one forward pass of the same inputs ({@code output}, the inference workspace mode).
 * <p>
 * The natives (generic, AVX2, AVX-512, with or without oneDNN) and the thread count are not parameters: ND4J
 * fixes them when it loads, so they come from {@code benchmarks/run.sh}'s {@code ND4J_VARIANT} and {@code THREADS}
 * ({@code Environment.setMaxThreads} does not shrink the running pool); each fork prints the natives library
 * it loaded and its threads.
 */
@State(Scope.Benchmark)
public class GraphStepLeverBenchmark extends BenchDefaults {
    /** One change against the default graph and environment. */
    public enum Lever {
        /**
         * {@code SiameseGraph}/{@code TripletGraph} as the builders made them before CacheMode HOST became their default:
         * NCHW, workspaces ENABLED, CacheMode NONE (DL4J's own default).
         */
        DEFAULT,
        /** The tower's convolution and pooling layers, its input type and the images in NHWC. */
        NHWC,
        /** {@code CacheMode.HOST} (graph configuration and every layer). */
        CACHE_HOST,
        /** {@code CacheMode.DEVICE} (graph configuration and every layer). */
        CACHE_DEVICE,
        /** Training and inference workspace modes NONE (default: ENABLED). */
        WORKSPACES_NONE,
        /** {@code Nd4j.getEnvironment().allowHelpers(false)} before the graph is built: no oneDNN layer or op helpers. */
        HELPERS_OFF,
        /**
         * No weight sharing: a single-input graph of the same tower on the k branches' images stacked into one
         * {@code [k·64, …]} batch, MSE against zeros on its {@code [k·64, 32]} output: the tower's work without the
         * Stack / Unstack / Merge vertices (and with a different, equally trivial loss).
         */
        PLAIN_TOWER,
        /**
         * {@code CacheMode.HOST} and DL4J's oneDNN layer helpers ({@code OneDnnLayers}: what the builders give on natives
         * with oneDNN); every other lever's network is created with the helpers off, so the pair CACHE_HOST /
         * ONEDNN_LAYERS measures the helpers alone (on generic natives there are none: the same as CACHE_HOST).
         */
        ONEDNN_LAYERS,
        /** {@code SharedTowerModel} with {@link SDSmallCnn} (SameDiff conv2d): the tower applied to each branch. */
        SAMEDIFF,
        /** A minimal SameDiff graph: branches concatenated, {@link SDSmallCnn} applied once, split, the same loss twin. */
        SAMEDIFF_STACKED
    }

    /** Tuples per batch. */
    public static final int BATCH = GraphStepBenchmark.BATCH;

    @Param({"siamese", "triplet"})
    public String graph;

    @Param
    public Lever lever;

    private ComputationGraph net;
    private MultiDataSet data;
    private SameDiff sd;
    private MultiDataSet sdData;
    private Map<String, INDArray> sdPlaceholders;
    private String[] sdOutputs;

    @Setup
    public void setup() {
        int k = branches();
        if (lever == Lever.HELPERS_OFF) {
            Nd4j.getEnvironment().allowHelpers(false);
        }
        Nd4j.getRandom().setSeed(42);
        CNN2DFormat format = lever == Lever.NHWC ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
        INDArray[] images = new INDArray[k];
        for (int i = 0; i < k; i++) {
            images[i] = format == CNN2DFormat.NCHW
                    ? Nd4j.rand(DataType.FLOAT, BATCH, SmallCnn.CHANNELS, SmallCnn.HEIGHT, SmallCnn.WIDTH)
                    : Nd4j.rand(DataType.FLOAT, BATCH, SmallCnn.HEIGHT, SmallCnn.WIDTH, SmallCnn.CHANNELS);
        }
        INDArray labels = k == 2
                ? Nd4j.createFromArray(alternating(BATCH)).reshape(BATCH, 1).castTo(DataType.FLOAT)
                : Nd4j.zeros(DataType.FLOAT, BATCH, 1);
        switch (lever) {
            case SAMEDIFF:
            case SAMEDIFF_STACKED:
                setupSameDiff(images, labels);
                break;
            case PLAIN_TOWER:
                net = created(plainTower(), false);
                INDArray stacked = Nd4j.concat(0, images);
                data = new MultiDataSet(new INDArray[]{stacked},
                        new INDArray[]{Nd4j.zeros(DataType.FLOAT, stacked.size(0), SmallCnn.EMBEDDING)});
                break;
            default:
                ComputationGraphConfiguration conf = k == 2
                        ? SiameseGraph.builder().tower(SmallCnn.tower(format)).loss(new LossContrastive())
                        .updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build()
                        : TripletGraph.builder().tower(SmallCnn.tower(format)).loss(new LossTriplet())
                        .updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).seed(42).build();
                CacheMode cache = lever == Lever.CACHE_HOST || lever == Lever.ONEDNN_LAYERS ? CacheMode.HOST
                        : lever == Lever.CACHE_DEVICE ? CacheMode.DEVICE : CacheMode.NONE;
                conf.setCacheMode(cache);
                if (lever == Lever.WORKSPACES_NONE) {
                    conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
                    conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
                }
                net = created(conf, lever == Lever.ONEDNN_LAYERS && OneDnnLayers.nativesHaveOneDnn());
                net.setCacheMode(cache);
                data = new MultiDataSet(images, new INDArray[]{labels});
        }
        report();
    }

    /** The network, its layers created with DL4J's oneDNN helpers on or off (the switch restored after). */
    private static ComputationGraph created(ComputationGraphConfiguration conf, boolean oneDnnHelpers) {
        String before = System.getProperty(OneDnnLayers.DISABLE_PROPERTY);
        try {
            System.setProperty(OneDnnLayers.DISABLE_PROPERTY, Boolean.toString(!oneDnnHelpers));
            ComputationGraph g = new ComputationGraph(conf);
            g.init();
            return g;
        } finally {
            if (before == null) System.clearProperty(OneDnnLayers.DISABLE_PROPERTY);
            else System.setProperty(OneDnnLayers.DISABLE_PROPERTY, before);
        }
    }

    @Benchmark
    public Object step() {
        if (net != null) {
            net.fit(data);
            return net;
        }
        sd.fit(sdData);
        return sd;
    }

    @Benchmark
    public Object inference() {
        if (net != null) {
            return net.output(data.getFeatures());
        }
        return sd.output(sdPlaceholders, sdOutputs);
    }

    private int branches() {
        switch (graph) {
            case "siamese":
                return 2;
            case "triplet":
                return 3;
            default:
                throw new IllegalArgumentException("graph: expected siamese or triplet, got " + graph);
        }
    }

    private SameDiffRankingLoss twin() {
        return SameDiffTwins.of(branches() == 2 ? new LossContrastive() : new LossTriplet());
    }

    private void setupSameDiff(INDArray[] images, INDArray labels) {
        int k = images.length;
        INDArray[] flat = new INDArray[k];
        for (int i = 0; i < k; i++) {
            flat[i] = images[i].reshape(BATCH, SDSmallCnn.INPUT_SIZE);
        }
        List<String> names = new ArrayList<>();
        if (lever == Lever.SAMEDIFF) {
            sd = SharedTowerModel.builder(twin(), SDSmallCnn.factory(42), SDSmallCnn.INPUT_SIZE)
                    .updater(new Sgd(0.01)).build().sameDiff();
            for (int i = 0; i < k; i++) {
                names.add(SharedTowerModel.branchInput(i));
            }
            sdOutputs = new String[k];
            for (int i = 0; i < k; i++) {
                sdOutputs[i] = SharedTowerModel.branchEmbedding(i);
            }
        } else {
            sd = SameDiff.create();
            SDTower tower = SDSmallCnn.factory(42).create(sd, DataType.FLOAT, SDSmallCnn.INPUT_SIZE);
            SDVariable[] in = new SDVariable[k];
            for (int i = 0; i < k; i++) {
                names.add("branch" + i);
                in[i] = sd.placeHolder(names.get(i), DataType.FLOAT, -1, SDSmallCnn.INPUT_SIZE);
            }
            SDVariable embeddings = sd.identity("embeddings", tower.apply(sd.concat(0, in)));
            SDVariable[] parts = sd.split(embeddings, k, 0);
            SDVariable lbl = sd.placeHolder(SharedTowerModel.LABELS, DataType.FLOAT, -1, -1);
            SDLossOutput out = twin().define(sd, SharedTowerModel.LOSS, parts, lbl);
            sd.setLossVariables(out.loss());
            sd.setTrainingConfig(TrainingConfig.builder().updater(new Sgd(0.01))
                    .dataSetFeatureMapping(names).dataSetLabelMapping(SharedTowerModel.LABELS).build());
            sdOutputs = new String[]{"embeddings"};
        }
        sdData = new MultiDataSet(flat, new INDArray[]{labels});
        sdPlaceholders = new HashMap<>();
        for (int i = 0; i < k; i++) {
            sdPlaceholders.put(names.get(i), flat[i]);
        }
    }

    /** The tower alone on one input, MSE on its output: the same global configuration as the builders'. */
    private static ComputationGraphConfiguration plainTower() {
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(42).updater(new Sgd(0.01)).weightInit(WeightInit.XAVIER).l2(0).dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("input").setInputTypes(SmallCnn.inputType());
        String prev = "input";
        List<Layer> layers = SmallCnn.layers();
        for (int i = 0; i < layers.size(); i++) {
            gb.addLayer("tower_" + i, layers.get(i), prev);
            prev = "tower_" + i;
        }
        LossLayer loss = new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build();
        loss.setNIn(SmallCnn.EMBEDDING);
        loss.setNOut(SmallCnn.EMBEDDING);
        return gb.addLayer("loss", loss, prev).setOutputs("loss").build();
    }

    /** One line per fork: which natives, helpers and threads this measurement ran with. */
    private void report() {
        Environment env = Nd4j.getEnvironment();
        String build = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        System.out.printf("%n# levers: graph=%s lever=%s natives=%s onednnBuild=%b helpersAllowed=%b maxThreads=%d"
                        + " maxMasterThreads=%d blasThreads=%d OMP_NUM_THREADS=%s%n",
                graph, lever, EnvironmentReport.loadedNatives(), build.contains("ONEDNN"), env.helpersAllowed(), env.maxThreads(),
                env.maxMasterThreads(), Nd4j.factory().blas().getMaxThreads(), System.getenv("OMP_NUM_THREADS"));
    }

    private static float[] alternating(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 2;
        }
        return v;
    }
}
