package io.github.dl4jlosses.graph.pooling;

import io.github.dl4jlosses.graph.LayerFields;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's {@code SubsamplingLayer} configuration (same options, same JSON fields, {@code equals} a
 * {@code SubsamplingLayer} with the same options) whose layer runs libnd4j's own pooling kernels where ND4J's natives
 * have oneDNN and the pooling is NCHW or dilated ({@link Libnd4jSubsamplingImpl}): there oneDNN's plain-layout pooling
 * took 3–5× the time of libnd4j's own and made a Siamese CNN training step ~1.3× slower, and oneDNN ignores the
 * dilation. Elsewhere the layer is DL4J's, without DL4J's oneDNN pooling helper (whose backprop ignores
 * {@code avgPoolIncludePadInDivisor}).
 * <p>
 * The graph builders put it in place of each {@code SubsamplingLayer} of a tower ({@link #replacing}); use it
 * directly, or {@link #replacing}, in networks built by hand.
 */
public class Libnd4jSubsamplingLayer extends SubsamplingLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON and {@link #replacing}. */
    public Libnd4jSubsamplingLayer() {
    }

    /**
     * {@code layer} as a {@code Libnd4jSubsamplingLayer} with all its options when it is exactly DL4J's
     * {@code SubsamplingLayer} (not a subclass such as {@code Subsampling1DLayer}); any other layer unchanged.
     */
    public static Layer replacing(Layer layer) {
        if (layer == null || layer.getClass() != SubsamplingLayer.class) {
            return layer;
        }
        // arrays copied by clone(); every field of DL4J's class and its parents
        return LayerFields.copy(SubsamplingLayer.class, ((SubsamplingLayer) layer).clone(), new Libnd4jSubsamplingLayer());
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        Libnd4jSubsamplingImpl ret = new Libnd4jSubsamplingImpl(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        ParamInitializer init = initializer();
        ret.setParamTable(init.init(conf, layerParamsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }
}
