package io.github.dl4jlosses.graph.conv;

import io.github.dl4jlosses.graph.LayerFields;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's {@code ConvolutionLayer} configuration (same options and JSON fields) whose layer
 * ({@link TowerConvolutionImpl}) back-propagates a plain ReLU with vectorised ops and, when {@link #isInputGradient()}
 * is false, computes only its weight and bias gradients: the first layer of a tower fed by the network's images,
 * whose input gradient nobody reads (DL4J's {@code ComputationGraph} has no method that returns it; PyTorch skips it
 * for inputs that do not require a gradient). There the input vertex's epsilon stays {@code null}.
 * <p>
 * The graph builders put it in place of each {@code ConvolutionLayer} of a tower ({@link #replacing}), without the
 * input gradient for the tower's first layer unless asked for it ({@code inputGradients(true)} on a builder).
 */
public class TowerConvolutionLayer extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;

    private boolean inputGradient = true;

    /** For JSON and {@link #replacing}. */
    public TowerConvolutionLayer() {
    }

    /**
     * {@code layer} as a {@code TowerConvolutionLayer} with all its options and the given {@code inputGradient} when
     * it is exactly DL4J's {@code ConvolutionLayer} (not a subclass such as {@code Convolution1DLayer} or
     * {@code Deconvolution2D}) or a {@code TowerConvolutionLayer} (e.g. from a pre-trained network's configuration;
     * a copy when the setting differs); any other layer unchanged.
     */
    public static Layer replacing(Layer layer, boolean inputGradient) {
        if (layer instanceof TowerConvolutionLayer && layer.getClass() == TowerConvolutionLayer.class) {
            TowerConvolutionLayer ours = (TowerConvolutionLayer) layer;
            if (ours.inputGradient == inputGradient) return ours;
            TowerConvolutionLayer copy = ours.clone();
            copy.inputGradient = inputGradient;
            return copy;
        }
        if (layer == null || layer.getClass() != ConvolutionLayer.class) {
            return layer;
        }
        TowerConvolutionLayer to = LayerFields.copy(ConvolutionLayer.class, ((ConvolutionLayer) layer).clone(),
                new TowerConvolutionLayer());
        to.inputGradient = inputGradient;
        return to;
    }

    /**
     * Whether the layer computes the gradient with respect to its input (default true). False only for a layer whose
     * input is a network input (directly, through a pre-processor or a {@code StackVertex}): a layer below it would
     * get no gradient.
     */
    public boolean isInputGradient() {
        return inputGradient;
    }

    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        InputPreProcessor p = super.getPreProcessorForInputType(inputType);
        if (!inputGradient && p != null && p.getClass() == FeedForwardToCnnPreProcessor.class) {
            FeedForwardToCnnPreProcessor f = (FeedForwardToCnnPreProcessor) p;
            return new FlatImagesPreProcessor(f.getInputHeight(), f.getInputWidth(), f.getNumChannels());
        }
        return p;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        LayerValidation.assertNInNOutSet("ConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        TowerConvolutionImpl ret = new TowerConvolutionImpl(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        ret.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TowerConvolutionLayer && super.equals(o)
                && ((TowerConvolutionLayer) o).inputGradient == inputGradient;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof TowerConvolutionLayer;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(inputGradient);
    }

    @Override
    public TowerConvolutionLayer clone() {
        return (TowerConvolutionLayer) super.clone();
    }
}
