package io.github.dl4jlosses.heads;

import org.deeplearning4j.eval.Evaluation;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.ArrayList;
import java.util.List;

/**
 * The layer of a {@link CosineHead} configuration: an output layer with learnable class weights. Training
 * ({@link #backpropGradient}) computes the head's loss on the cosine matrix and returns the gradients w.r.t. the
 * embeddings (epsilon) and the class weights (see {@link CosineHead} for the formulas); inference
 * ({@link #activate}) returns the cosines {@code [B,C]} between the embeddings and the classes.
 */
public class CosineHeadLayer extends BaseLayer<CosineHead> implements IOutputLayer {
    /** The labels of the current batch. */
    private INDArray labels;
    /** The rest of the network's regularisation score, added to this layer's score. */
    private double fullNetworkRegularizationScore;

    /**
     * The runtime layer of a head configuration, as DL4J creates it.
     * @param conf the layer's configuration
     * @param dataType the network's data type
     */
    public CosineHeadLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The class weights {@code [D, C·K]} (a view of the network's parameters). */
    public INDArray classWeights() {
        return getParam(CosineHeadParamInitializer.WEIGHT_KEY);
    }

    private HeadResult compute(boolean training, boolean gradient, LayerWorkspaceMgr workspaceMgr) {
        if (input == null || labels == null) {
            throw new IllegalStateException(layerConf().describe() + ": cannot compute the loss without input and"
                    + " labels " + layerId());
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParamWithNoise(CosineHeadParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        return layerConf().computeLoss(input, w, labels, maskArray, gradient);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        HeadResult r = compute(true, true, workspaceMgr);
        INDArray view = gradientViews.get(CosineHeadParamInitializer.WEIGHT_KEY);
        view.assign(r.weightGradient());
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(CosineHeadParamInitializer.WEIGHT_KEY, view);
        this.gradient = g;
        weightNoiseParams.clear();
        INDArray epsOut = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, r.embeddingGradient());
        return new Pair<>(g, epsOut);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        this.fullNetworkRegularizationScore = fullNetRegTerm;
        HeadResult r = compute(training, false, workspaceMgr);
        this.score = r.score() + fullNetRegTerm;
        return score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        INDArray perExample = compute(false, false, workspaceMgr).perExample();
        if (fullNetRegTerm != 0.0) {
            perExample.addi(fullNetRegTerm);
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, perExample);
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
        if (input == null || labels == null) {
            return;
        }
        backpropGradient(null, workspaceMgr);
        computeScore(fullNetworkRegularizationScore, true, workspaceMgr);
    }

    @Override
    public Pair<Gradient, Double> gradientAndScore() {
        return new Pair<>(gradient(), score());
    }

    /** The cosines {@code [B,C]} between the input embeddings and the classes (max over sub-centres). */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParamWithNoise(CosineHeadParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray cos = layerConf().classCosines(input, w);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, cos);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public void setLabels(INDArray labels) {
        this.labels = labels;
    }

    @Override
    public INDArray getLabels() {
        return labels;
    }

    @Override
    public void clear() {
        super.clear();
        labels = null;
    }

    @Override
    public int numLabels() {
        return (int) layerConf().classes();
    }

    @Override
    public int[] predict(INDArray examples) {
        return activate(examples, false, LayerWorkspaceMgr.noWorkspaces()).argMax(1).toIntVector();
    }

    @Override
    public List<String> predict(DataSet dataSet) {
        List<String> out = new ArrayList<>();
        for (int c : predict(dataSet.getFeatures())) {
            out.add(dataSet.getLabelName(c));
        }
        return out;
    }

    @Override
    public double f1Score(DataSet data) {
        return f1Score(data.getFeatures(), data.getLabels());
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        Evaluation eval = new Evaluation();
        eval.eval(labels, activate(examples, false, LayerWorkspaceMgr.noWorkspaces()));
        return eval.f1();
    }

    private UnsupportedOperationException trainAsPartOfANetwork() {
        return new UnsupportedOperationException(layerConf().describe()
                + ": a head trains as the output layer of a network (MultiLayerNetwork or ComputationGraph)");
    }

    @Override
    public void fit(DataSetIterator iter) {
        throw trainAsPartOfANetwork();
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        throw trainAsPartOfANetwork();
    }

    @Override
    public void fit(DataSet data) {
        throw trainAsPartOfANetwork();
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        throw trainAsPartOfANetwork();
    }
}
