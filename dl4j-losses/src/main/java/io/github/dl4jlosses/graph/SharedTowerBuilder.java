package io.github.dl4jlosses.graph;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;
import java.util.Objects;

/**
 * Options shared by the graph builders of this package: the tower, the training set-up (updater, weight
 * initialisation, seed, L2 regularisation, data type) and whether the embedding is L2-normalised.
 * <p>
 * The updater, weight initialisation and L2 are the graph's global configuration: they apply to every layer
 * that does not set its own. L2 is DL4J's {@code l2} (on weights, not biases).
 * <p>
 * Defaults: {@code Adam(1e-3)}, {@link WeightInit#XAVIER}, seed 12345, L2 0, {@link DataType#FLOAT},
 * no L2 normalisation, {@link CacheMode#HOST} (see {@link #cacheMode}), no gradient with respect to the inputs (see
 * {@link #inputGradients}).
 *
 * @param <B> the concrete builder (for fluent chaining)
 */
public abstract class SharedTowerBuilder<B extends SharedTowerBuilder<B>> {
    private Tower tower;
    private PretrainedTower pretrained;
    private IUpdater updater = new Adam(1e-3);
    private WeightInit weightInit = WeightInit.XAVIER;
    private long seed = 12345;
    private double l2;
    private boolean l2Normalize;
    private DataType dataType = DataType.FLOAT;
    private CacheMode cacheMode = CacheMode.HOST;
    private boolean inputGradients;

    /** The builder itself, typed as the subclass (safe: a builder is declared {@code X extends SharedTowerBuilder<X>}). */
    @SuppressWarnings("unchecked")
    protected B self() {
        return (B) this;
    }

    /** Name used in error messages: the builder's class name. */
    protected String name() {
        return getClass().getSimpleName();
    }

    /**
     * The graph configuration.
     *
     * @throws IllegalStateException    if a required option (the tower, a loss where there is no default) is missing
     * @throws IllegalArgumentException if the options do not fit together
     */
    public abstract ComputationGraphConfiguration build();

    /** The tower shared by every branch. */
    public B tower(Tower tower) {
        this.tower = Objects.requireNonNull(tower, name() + ": tower");
        this.pretrained = null;
        return self();
    }

    /**
     * A tower cut from a trained network, shared by every branch; {@link #buildNetwork()} starts it from the
     * trained weights (with {@link #build()}, call {@link PretrainedTower#copyWeightsInto} after {@code init()}).
     */
    public B tower(PretrainedTower pretrained) {
        tower(Objects.requireNonNull(pretrained, name() + ": pretrained tower").tower());
        this.pretrained = pretrained;
        return self();
    }

    /**
     * The initialised network of {@link #build()}; with a {@link PretrainedTower}, its tower holds the trained weights.
     *
     * @return a new, initialised {@code ComputationGraph}
     */
    public ComputationGraph buildNetwork() {
        ComputationGraph net = new ComputationGraph(build());
        net.init();
        if (pretrained != null) pretrained.copyWeightsInto(net);
        return net;
    }

    /** Shorthand for {@code tower(Tower.of(inputType, layers))}. */
    public B tower(InputType inputType, Layer... layers) {
        return tower(Tower.of(inputType, layers));
    }

    /** Shorthand for {@code tower(Tower.of(inputType, layers))}. */
    public B tower(InputType inputType, List<Layer> layers) {
        return tower(Tower.of(inputType, layers));
    }

    /** The global updater (use {@code NoOp} or {@code Sgd(1.0)} for gradient checks). */
    public B updater(IUpdater updater) {
        this.updater = Objects.requireNonNull(updater, name() + ": updater");
        return self();
    }

    /** The global weight initialisation. */
    public B weightInit(WeightInit weightInit) {
        this.weightInit = Objects.requireNonNull(weightInit, name() + ": weightInit");
        return self();
    }

    /** Seed of the parameter initialisation. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** L2 regularisation coefficient on the weights of every layer (weight decay as in Koch 2015). */
    public B l2(double l2) {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException(name() + ": expected a finite l2 >= 0, got " + l2);
        }
        this.l2 = l2;
        return self();
    }

    /** If true, the tower output goes through an {@code L2NormalizeVertex}: embeddings on the unit sphere. */
    public B l2Normalize(boolean l2Normalize) {
        this.l2Normalize = l2Normalize;
        return self();
    }

    /** Network data type (parameters and activations); DOUBLE for gradient checks. */
    public B dataType(DataType dataType) {
        this.dataType = Objects.requireNonNull(dataType, name() + ": dataType");
        return self();
    }

    /**
     * Whether layers keep what their forward pass computed for backprop (default {@link CacheMode#HOST}). Without a
     * cache ({@link CacheMode#NONE}, DL4J's own default) DL4J 1.0.0-M2.1's convolution layers redo their forward
     * im2col and GEMM in backprop: with it the Siamese/Triplet CNN training step took 0.66× the time (measured,
     * README "Performance") and trains the same parameters. The price: each convolution layer keeps its im2col
     * matrix ({@code B·H_out·W_out × k_h·k_w·C_in} values; 26 MB for the example CNN, hundreds of MB for wide
     * layers at large batches) — use {@link CacheMode#NONE} when memory is short.
     */
    public B cacheMode(CacheMode cacheMode) {
        this.cacheMode = Objects.requireNonNull(cacheMode, name() + ": cacheMode");
        return self();
    }

    /**
     * Whether the tower's first layer computes the gradient with respect to the network's inputs (default false).
     * Training does not need it, and DL4J's {@code ComputationGraph} has no method that returns it; when this is true
     * it can be read as {@code graph.getVertex(input).getEpsilon()} in a {@code TrainingListener}'s
     * {@code onBackwardPass} (DL4J clears the vertices right after), e.g. for saliency maps. Without it the tower's
     * first convolution computes only its weight and bias gradients, one convolution instead of oneDNN's two backward
     * passes ({@link io.github.dl4jlosses.graph.conv.TowerConvolutionLayer}), and the input vertices' epsilons stay
     * {@code null}.
     */
    public B inputGradients(boolean inputGradients) {
        this.inputGradients = inputGradients;
        return self();
    }

    /** The tower; throws if none was given. */
    protected Tower requireTower() {
        return required(tower, "tower", "tower(InputType, Layer...)");
    }

    /** A required option, or an IllegalStateException naming it ({@code what}) and its {@code setter}. */
    final <T> T required(T option, String what, String setter) {
        if (option == null) {
            throw new IllegalStateException(name() + ": no " + what + " given; call " + setter + " first");
        }
        return option;
    }

    /** @return whether the tower's output is L2-normalised before the loss */
    protected boolean isL2Normalize() {
        return l2Normalize;
    }

    /**
     * {@code input ─▶ tower ─▶ [l2norm] ─▶ top}: the graph of a one-input builder, {@code top} (named
     * {@code topName}) its output layer.
     */
    final ComputationGraphConfiguration oneInputGraph(String topName, Layer top) {
        ComputationGraphConfiguration.GraphBuilder gb = graphBuilder();
        String embedding = TowerWiring.single(gb, requireTower(), isL2Normalize(), inputGradients);
        gb.addLayer(topName, top, embedding).setOutputs(topName);
        return gb.build();
    }

    /**
     * {@code inputs ─▶ stack ─▶ tower ─▶ [l2norm] ─▶ branches ─▶ join ─▶ top}: the graph of a builder whose
     * inputs share the tower; {@code join} (named {@code joinName}) takes the branches, in input order, and
     * {@code top} (named {@code topName}), the graph's output layer, takes {@code join}.
     */
    final ComputationGraphConfiguration sharedTowerGraph(String[] inputs, String joinName, GraphVertex join,
                                                         String topName, Layer top) {
        ComputationGraphConfiguration.GraphBuilder gb = graphBuilder();
        String[] branches = TowerWiring.shared(gb, requireTower(), isL2Normalize(), inputGradients, inputs);
        gb.addVertex(joinName, join, branches)
                .addLayer(topName, top, joinName)
                .setOutputs(topName);
        return gb.build();
    }

    /**
     * A graph builder carrying the global configuration. Also turns on DL4J's oneDNN layer helpers when ND4J's
     * natives have oneDNN ({@link OneDnnLayers#enableFor}), so that the network created from it uses them, and
     * refuses a tower with a layer they get wrong.
     */
    protected ComputationGraphConfiguration.GraphBuilder graphBuilder() {
        OneDnnLayers.enableFor(name(), requireTower().getLayers());
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater.clone())
                .weightInit(weightInit)
                .l2(l2)
                .dataType(dataType)
                .cacheMode(cacheMode)
                .graphBuilder();
    }
}
